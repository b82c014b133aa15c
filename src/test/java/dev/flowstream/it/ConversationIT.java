package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.StreamAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Flowise conversation flow dropped into a running server: streamed, and remembered by chatId. */
class ConversationIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @BeforeAll
    static void dropTheExportIntoTheRunningServer() throws Exception {
        server.dropExport("conversation-buffer", "conversation");
    }

    @Test
    void the_seed_client_streams_a_conversation_flow() {
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", server.baseUrl(), "--flow", "conversation",
                "--question", "hello conversation", "--client", "v4");
        JsonNode body = StreamAssertions.body(result);
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        assertEquals("Echo: hello conversation", body.path("text").asText());
        StreamAssertions.assertWellFormed(result.path("events"), body.path("text").asText());
    }

    @Test
    void a_second_turn_with_the_same_session_id_sends_the_first_exchange_to_the_model() throws Exception {
        HttpResponse<String> first = predict("{\"question\":\"my name is Ada\",\"overrideConfig\":{\"sessionId\":\"s-42\"}}");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("s-42", JSON.readTree(first.body()).path("chatId").asText());
        assertEquals("s-42", JSON.readTree(first.body()).path("sessionId").asText());

        HttpResponse<String> second = predict("{\"question\":\"what is my name?\",\"overrideConfig\":{\"sessionId\":\"s-42\"}}");
        assertEquals(200, second.statusCode(), second.body());
        String sentToModel = server.stub().lastRequestBody().orElseThrow();
        assertTrue(sentToModel.contains("my name is Ada") && sentToModel.contains("Echo: my name is Ada"), sentToModel);

        predict("{\"question\":\"who am I?\",\"chatId\":\"another-chat\"}");
        assertFalse(server.stub().lastRequestBody().orElseThrow().contains("Ada"), "another chat has its own memory");
    }

    @Test
    void history_in_the_request_seeds_a_new_conversation() throws Exception {
        predict("{\"question\":\"and now?\",\"chatId\":\"seeded\",\"history\":["
                + "{\"type\":\"userMessage\",\"message\":\"I like tea\"},{\"type\":\"apiMessage\",\"message\":\"Noted: tea\"}]}");
        String sentToModel = server.stub().lastRequestBody().orElseThrow();
        assertTrue(sentToModel.contains("I like tea") && sentToModel.contains("Noted: tea"), sentToModel);
    }

    private static HttpResponse<String> predict(String body) {
        return server.post("/api/v1/prediction/conversation", body, "application/json");
    }
}
