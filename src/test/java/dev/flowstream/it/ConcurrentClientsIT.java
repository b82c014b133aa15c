package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many real JS clients at once: each gets exactly its own tokens. */
class ConcurrentClientsIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @Test
    void fifty_concurrent_clients_each_receive_only_their_own_tokens() {
        JsonNode result = NodeClient.run("many-clients.mjs", "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW,
                "--clients", "50", "--question", "who am I", "--timeout-ms", "60000");
        assertEquals(50, result.path("clients").asInt(), result.toString());
        assertEquals(50, result.path("ok").asInt(), result.toString());
        assertEquals(0, result.path("crossTalk").asInt(), result.toString());
        assertEquals(0, result.path("missingEnd").asInt(), result.toString());
        assertEquals(0, result.path("mismatches").asInt(), result.toString());
    }

    @Test
    void fifty_concurrent_polling_clients_each_receive_only_their_own_tokens() {
        JsonNode result = NodeClient.run("many-clients.mjs", "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW,
                "--clients", "50", "--question", "polling here", "--transports", "polling", "--timeout-ms", "60000");
        assertEquals(50, result.path("ok").asInt(), result.toString());
        assertEquals(0, result.path("crossTalk").asInt(), result.toString());
    }
}
