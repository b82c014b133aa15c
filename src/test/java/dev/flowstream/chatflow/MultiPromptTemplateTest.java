package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own "Multi Prompt Chain" template (flowise 1.8.4: three promptRetrievers, physics,
 * math and history, and chatOpenAI), as shipped, with the model a local stub: the model routes a
 * question to one prompt, and that prompt answers it, streamed.
 */
class MultiPromptTemplateTest {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@1.8.4/Multi Prompt Chain.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private FlowFixture fixture;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void the_model_routes_a_question_to_the_history_prompt_which_answers_it_streamed() throws Exception {
        fixture.stub().replyWhen("<< CANDIDATE PROMPTS >>", "```json\n{\"destination\": \"history\", \"next_inputs\": "
                + "{\"input\": \"Who crossed the Rubicon in 49 BC?\"}}\n```");
        fixture.stub().replyWhen("Rubicon", "Julius Caesar crossed it with one legion.");
        RecordingSink sink = new RecordingSink();

        FlowResult answer = await(flow().run(FlowRequest.of("Who crossed the Rubicon?"), sink));

        String router = lastUserMessage(fixture.stub().requestBodies().get(0));
        assertTrue(router.contains("<< CANDIDATE PROMPTS >>\nphysics: Good for answering questions about physics\n"
                + "history: Good for answering questions about history\nmath: Good for answering math questions\n\n"
                + "<< INPUT >>\nWho crossed the Rubicon?\n"), router);
        List<String> sent = fixture.sentMessages();
        assertTrue(sent.get(0).startsWith("system: You are a very smart history professor."), sent.toString());
        assertEquals("user: Who crossed the Rubicon in 49 BC?", sent.get(1));
        assertEquals("Julius Caesar crossed it with one legion.", answer.text());
        assertEquals(answer.text(), sink.text(), "only the chosen prompt's answer streams");
        assertTrue(sink.tokens().size() > 1, sink.tokens().toString());
        assertEquals(List.of("start", "token"), sink.names().subList(0, 2));
        assertEquals("end", sink.names().get(sink.names().size() - 1));
        assertEquals(0, sink.count("sourceDocuments"));
    }

    private Chatflow flow() throws Exception {
        ObjectNode template = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE));
        return fixture.flow(template, FlowFixture.settings(100, 3_600_000));
    }

    private static String lastUserMessage(String body) throws Exception {
        JsonNode messages = JSON.readTree(body).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
