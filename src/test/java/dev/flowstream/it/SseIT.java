package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streaming: true} answers the same event sequence as Server-Sent Events. */
class SseIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @Test
    void a_streaming_request_gets_start_tokens_metadata_and_done() throws Exception {
        HttpResponse<String> response = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"sse please\",\"streaming\":true,\"chatId\":\"chat-1\"}", "application/json");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElse(""));
        List<JsonNode> events = parse(response.body());
        List<String> names = events.stream().map(e -> e.path("event").asText()).toList();
        assertEquals("start", names.get(0));
        assertEquals(List.of("metadata", "end"), names.subList(names.size() - 2, names.size()), names.toString());
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("event").asText().equals("token")).forEach(e -> text.append(e.path("data").asText()));
        assertEquals("Echo: sse please", text.toString());
        JsonNode metadata = events.get(events.size() - 2).path("data");
        assertEquals("chat-1", metadata.path("chatId").asText());
        assertEquals("sse please", metadata.path("question").asText());
        assertTrue(metadata.hasNonNull("chatMessageId"));
        assertEquals("[DONE]", events.get(events.size() - 1).path("data").asText());
    }

    @Test
    void a_flow_failing_before_streaming_answers_json_with_its_status_instead() throws Exception {
        HttpResponse<String> response = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"[[fail]]\",\"streaming\":\"true\"}", "application/json");
        assertEquals(502, response.statusCode(), response.body());
        assertEquals(false, JSON.readTree(response.body()).path("success").asBoolean(true));
    }

    private static List<JsonNode> parse(String body) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            String[] lines = block.split("\n");
            assertEquals("message:", lines[0], block);
            assertTrue(lines[1].startsWith("data:"), block);
            events.add(JSON.readTree(lines[1].substring("data:".length())));
        }
        return events;
    }
}
