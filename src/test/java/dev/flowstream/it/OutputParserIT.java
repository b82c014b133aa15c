package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's output parser templates over HTTP: the parsed value comes back as {@code json} beside
 * {@code text}, the socket gets no events, and an answer that does not parse is a 500 naming the parser.
 */
class OutputParserIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @BeforeAll
    static void drop_the_parser_flows() throws Exception {
        server.dropExport("list-output-parser", "list");
        server.dropExport("structured-output-parser", "structured");
    }

    @Test
    void a_parsed_answer_carries_json_beside_text_and_sends_no_events() throws Exception {
        server.stub().replyWhen("two heist films", "Heat, Rififi");
        try (JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), "websocket")) {
            HttpResponse<String> response = server.post("/api/v1/prediction/list",
                    "{\"question\":\"two heist films\",\"socketIOClientId\":\"" + client.id() + "\"}", "application/json");

            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = JSON.readTree(response.body());
            assertEquals(JSON.readTree("[\"Heat\", \"Rififi\"]"), answer.path("json"));
            assertTrue(answer.path("text").asText().startsWith("```json\n"), answer.toString());
            assertEquals("two heist films", answer.path("question").asText());
            Thread.sleep(200);
            assertEquals(List.of(), client.events());
        }
        assertFalse(JSON.readTree(server.get("/api/v1/chatflows-streaming/list").body()).path("isStreaming").asBoolean(true));
    }

    @Test
    void an_answer_that_does_not_parse_even_after_autofix_is_a_500_naming_the_parser() throws Exception {
        server.stub().replyWhen("the moon's capital", "There is none.");
        server.stub().replyWhen("did not satisfy", "Still none.");

        HttpResponse<String> response = server.post("/api/v1/prediction/structured",
                "{\"question\":\"the moon's capital?\"}", "application/json");

        assertEquals(500, response.statusCode(), response.body());
        String message = JSON.readTree(response.body()).path("message").asText();
        assertTrue(message.startsWith("output parser structuredOutputParser_0 (structuredOutputParser) could not parse "
                + "the model's answer after autofix: the answer is not JSON"), message);
    }
}
