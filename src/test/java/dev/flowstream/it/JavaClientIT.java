package dev.flowstream.it;

import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java socket.io client gets the same stream as the JavaScript one. */
class JavaClientIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void the_java_client_receives_every_token_in_order_and_one_end(String transport) throws Exception {
        try (JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), transport)) {
            HttpResponse<String> response = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                    "{\"question\":\"[[tokens=40]] count\",\"socketIOClientId\":\"" + client.id() + "\"}", "application/json");
            assertEquals(200, response.statusCode(), response.body());
            String text = JSON.readTree(response.body()).path("text").asText();
            assertTrue(client.awaitEnd(5), "end arrives");
            List<String> names = client.events().stream().map(JavaSocketClient.Event::name).toList();
            assertEquals("start", names.get(0));
            assertEquals(42, names.size(), names.toString());
            assertEquals("end", names.get(41));
            assertEquals(text, client.tokens());
            assertTrue(text.startsWith("t0 t1 t2 "), text);
        }
    }
}
