package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.StreamAssertions;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.flowstream.testing.StreamAssertions.assertWellFormed;
import static dev.flowstream.testing.StreamAssertions.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's client code (real socket.io-client from npm) against a running Flowstream. */
class SeedContractIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @ParameterizedTest(name = "{0} client over {1}")
    @CsvSource({"v4,polling", "v4,websocket", "v4,default", "v2,polling", "v2,websocket", "v2,default"})
    void the_seed_client_receives_start_tokens_and_one_end_then_the_full_answer(String client, String transports) {
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW,
                "--question", "hello streaming world", "--transports", transports, "--client", client);
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        JsonNode answer = body(result);
        assertEquals("Echo: hello streaming world", answer.path("text").asText());
        assertEquals("hello streaming world", answer.path("question").asText());
        assertTrue(answer.hasNonNull("chatId") && answer.hasNonNull("chatMessageId"), answer.toString());
        assertWellFormed(result.path("events"), answer.path("text").asText());
        if (!transports.equals("default")) assertEquals(transports, result.path("transport").asText());
        else assertEquals("websocket", result.path("transport").asText(), "default transport upgrades to websocket");
    }

    @Test
    void the_embedded_default_flow_streams_passages_and_sends_their_sources_before_end() {
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", server.baseUrl(), "--flow", "local-docs",
                "--question", "How do I stream tokens with socket.io?", "--client", "v4");
        JsonNode answer = body(result);
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        assertWellFormed(result.path("events"), answer.path("text").asText());
        var names = StreamAssertions.names(result.path("events"));
        assertEquals("sourceDocuments", names.get(names.size() - 2), names.toString());
        JsonNode streamed = result.path("events").get(names.size() - 2).path("data");
        assertEquals(answer.path("sourceDocuments"), streamed);
        assertTrue(streamed.size() > 0 && streamed.get(0).path("metadata").has("source"), streamed.toString());
    }

    @Test
    void the_seed_code_taken_literally_gets_a_400_that_says_to_stringify_and_no_events() {
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW,
                "--question", "hello", "--literal-seed");
        assertEquals(400, result.path("http").path("status").asInt(), result.toString());
        JsonNode answer = body(result);
        assertEquals(false, answer.path("success").asBoolean(true));
        assertEquals(400, answer.path("statusCode").asInt());
        assertTrue(answer.path("message").asText().contains("JSON.stringify"), answer.toString());
        assertEquals(0, result.path("events").size(), result.toString());
    }
}
