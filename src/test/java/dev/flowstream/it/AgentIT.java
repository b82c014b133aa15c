package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.StreamAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tool agent through the whole server: tool rounds unstreamed, then the answer, usedTools, end. */
class AgentIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @BeforeAll
    static void dropTheAgentExport() throws Exception {
        server.dropExport("tool-agent-calculator", "agent");
    }

    @Test
    void the_seed_client_gets_the_final_answer_then_used_tools_then_end() {
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", server.baseUrl(), "--flow", "agent",
                "--question", "what is 2*(3+4)? [[call=calculator:{\"input\":\"2*(3+4)\"}]]", "--client", "v4");
        JsonNode body = StreamAssertions.body(result);
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        assertEquals("Tool said: 14", body.path("text").asText());
        StreamAssertions.assertWellFormed(result.path("events"), body.path("text").asText());
        List<String> names = StreamAssertions.names(result.path("events"));
        assertEquals("usedTools", names.get(names.size() - 2), names.toString());
        JsonNode streamed = result.path("events").get(names.size() - 2).path("data");
        assertEquals("calculator", streamed.get(0).path("tool").asText());
        assertEquals("14", streamed.get(0).path("toolOutput").asText());
        assertEquals(streamed, body.path("usedTools"), "the HTTP answer carries the same usedTools");
    }
}
