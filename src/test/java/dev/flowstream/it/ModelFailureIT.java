package dev.flowstream.it;

import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model provider failures: honest statuses, and a stream that always ends. */
class ModelFailureIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.stall.timeout.ms", "700"));

    @Test
    void a_provider_error_before_any_token_is_a_502_and_sends_no_events() throws Exception {
        try (JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), "websocket")) {
            HttpResponse<String> response = predict("[[fail]]", client.id());
            assertEquals(502, response.statusCode(), response.body());
            assertEquals(502, JSON.readTree(response.body()).path("statusCode").asInt());
            Thread.sleep(200);
            assertEquals(List.of(), client.events());
        }
    }

    @Test
    void a_cut_stream_sends_error_then_end_and_answers_502() throws Exception {
        try (JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), "websocket")) {
            HttpResponse<String> response = predict("[[cut]] go", client.id());
            assertEquals(502, response.statusCode(), response.body());
            assertTrue(client.awaitEnd(5));
            List<String> names = client.events().stream().map(JavaSocketClient.Event::name).toList();
            assertEquals("start", names.get(0), names.toString());
            assertEquals(List.of("error", "end"), names.subList(names.size() - 2, names.size()), names.toString());
        }
    }

    @Test
    void a_stream_that_goes_silent_is_cancelled_and_answers_504() throws Exception {
        try (JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), "polling")) {
            HttpResponse<String> response = predict("[[stall]] go", client.id());
            assertEquals(504, response.statusCode(), response.body());
            assertTrue(client.awaitEnd(5));
            List<String> names = client.events().stream().map(JavaSocketClient.Event::name).toList();
            assertEquals(List.of("error", "end"), names.subList(names.size() - 2, names.size()), names.toString());
        }
    }

    private static HttpResponse<String> predict(String question, String socketId) {
        return server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"" + question + "\",\"socketIOClientId\":\"" + socketId + "\"}", "application/json");
    }
}
