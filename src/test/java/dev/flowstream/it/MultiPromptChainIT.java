package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static dev.flowstream.it.TemplateFlows.ask;
import static dev.flowstream.it.TemplateFlows.awaitFlow;
import static dev.flowstream.it.TemplateFlows.template;
import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own "Multi Prompt Chain" template (flowise 1.8.4) through the whole server, its model
 * at the local stub: a streamed question is routed by the model to the math prompt, and only that
 * prompt's answer comes as tokens, then {@code metadata} and {@code end}.
 */
class MultiPromptChainIT {

    private static final String FLOW = "multi-prompt";

    private OpenAiStub model;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        model = OpenAiStub.start();
        server = TestServer.start(model);
        String export = template("flowise@1.8.4", "Multi Prompt Chain",
                Map.of("chatOpenAI_0", Map.of("basepath", model.baseUrl()))).toString();
        Files.writeString(server.configDir().resolve("chatflows/" + FLOW + ".json"), export);
        awaitFlow(server, FLOW);
    }

    @AfterEach
    void stop() {
        server.close();
        model.close();
    }

    @Test
    void a_streamed_question_is_answered_in_the_prompt_the_model_routes_it_to() throws Exception {
        model.replyWhen("<< CANDIDATE PROMPTS >>", "```json\n{\"destination\": \"math\", \"next_inputs\": {\"input\": "
                + "\"What is 12 squared?\"}}\n```");
        model.replyWhen("12 squared", "It is one hundred and forty-four.");

        List<JsonNode> events = ask(server, FLOW, "12 squared?");

        List<String> names = events.stream().map(event -> event.path("event").asText()).toList();
        assertEquals("start", names.get(0), names.toString());
        assertEquals(List.of("metadata", "end"), names.subList(names.size() - 2, names.size()), names.toString());
        StringBuilder text = new StringBuilder();
        events.stream().filter(event -> event.path("event").asText().equals("token")).forEach(e -> text.append(e.path("data").asText()));
        assertEquals("It is one hundred and forty-four.", text.toString());
        assertTrue(names.stream().filter("token"::equals).count() > 1, names.toString());
        JsonNode answer = JSON.readTree(model.requestBodies().get(1)).path("messages");
        assertTrue(answer.path(0).path("content").asText().startsWith("You are a very good mathematician."), answer.toString());
        assertEquals("What is 12 squared?", answer.path(1).path("content").asText());
    }
}
