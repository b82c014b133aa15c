package dev.flowstream.chatflow.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.testing.ModerationStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * inputModerationOpenAI on an llmChain (Flowise's "Input Moderation" template with its moderation
 * swapped for OpenAI's), against a local stub of OpenAI's moderation endpoint.
 */
class OpenAiModerationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Function<String, String> KEYED = name -> name.equals("OPENAI_API_KEY") ? "sk-moderate" : null;

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private ModerationStub openAi;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        openAi = ModerationStub.flagging("hurt");
    }

    @AfterEach
    void stop() {
        fixture.close();
        openAi.close();
    }

    @Test
    void a_flagged_question_answers_the_message_and_never_reaches_the_model() throws Exception {
        RecordingSink sink = new RecordingSink();

        FlowResult answer = await(flow(Map.of("moderationErrorMessage", "Please keep it kind."), KEYED)
                .run(FlowRequest.of("how do I hurt someone"), sink));

        assertEquals("Please keep it kind.", answer.text());
        assertEquals(List.of(new StreamEvent.Start("Please keep it kind."), new StreamEvent.Token("Please keep it kind."),
                StreamEvent.END), sink.events());
        assertEquals(0, fixture.stub().requests());
        JsonNode sent = JSON.readTree(openAi.bodies().get(0));
        assertEquals("how do I hurt someone", sent.path("input").asText());
        assertEquals("/v1/moderations", openAi.lastPath().orElseThrow());
        assertEquals("Bearer sk-moderate", openAi.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void an_unflagged_question_is_answered_by_the_chain() throws Exception {
        FlowResult answer = await(flow(Map.of(), KEYED).run(FlowRequest.of("how do I help someone"), new RecordingSink()));

        assertEquals("Echo: Answer user question:\nhow do I help someone", answer.text());
        assertEquals(1, openAi.bodies().size());
        assertEquals(1, fixture.stub().requests());
    }

    @Test
    void without_a_message_the_answer_is_flowise_s_default() throws Exception {
        FlowResult answer = await(flow(Map.of(), KEYED).run(FlowRequest.of("hurt"), new RecordingSink()));

        assertEquals("Cannot Process! Input violates OpenAI's content moderation policies.", answer.text());
    }

    @Test
    void openai_refusing_fails_the_question_as_the_provider_s_naming_the_node() {
        openAi.refusing();
        RecordingSink sink = new RecordingSink();

        ChatflowException failed = failure(flow(Map.of(), KEYED).run(FlowRequest.of("hello"), sink));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertTrue(failed.getMessage().contains("inputModerationOpenAI_0"), failed.getMessage());
        assertTrue(failed.getMessage().contains("HTTP 500"), failed.getMessage());
        assertEquals(0, fixture.stub().requests());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void openai_unreachable_fails_the_question_as_the_provider_s() {
        Chatflow flow = flow(Map.of(), KEYED);
        openAi.close();

        ChatflowException failed = failure(flow.run(FlowRequest.of("hello"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertTrue(failed.getMessage().contains("inputModerationOpenAI_0"), failed.getMessage());
    }

    @Test
    void a_flow_without_a_key_loads_and_its_questions_fail_saying_what_to_set() {
        ChatflowException failed = failure(flow(Map.of(), name -> null).run(FlowRequest.of("hello"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failed.kind());
        assertTrue(failed.getMessage().contains("OPENAI_API_KEY"), failed.getMessage());
        assertTrue(openAi.bodies().isEmpty());
    }

    @Test
    void a_basepath_that_is_no_url_fails_the_load_naming_the_node() throws Exception {
        ObjectNode template = moderatedByOpenAi(Map.of("basepath", "not a url"));
        DirectoryCatalog catalog = fixture.catalog(template, FlowFixture.settings(100, 3_600_000));

        assertFalse(catalog.find("flow").isPresent());
        assertEquals("node inputModerationOpenAI_0 (inputModerationOpenAI) input basepath must be a URL like "
                + "https://api.openai.com/v1", catalog.failures().get("flow"));
    }

    private Chatflow flow(Map<String, Object> inputs, Function<String, String> environment) {
        ObjectNode template = moderatedByOpenAi(inputs);
        ConfigDirs.withInputs(template, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(template, FlowFixture.settings(100, 3_600_000), environment).find("flow").orElseThrow();
    }

    /** The template's simple moderation replaced by an OpenAI one, as Flowise's editor would write it. */
    private ObjectNode moderatedByOpenAi(Map<String, Object> inputs) {
        try {
            ObjectNode template = SimpleModerationTemplateTest.template("flowise@3.1.4");
            for (JsonNode node : template.path("nodes")) {
                if (!node.path("id").asText().equals("inputModerationSimple_0")) continue;
                ObjectNode data = (ObjectNode) node.path("data");
                data.put("name", "inputModerationOpenAI").put("id", "inputModerationOpenAI_0");
                data.putObject("inputs").put("basepath", openAi.baseUrl());
                ((ObjectNode) node).put("id", "inputModerationOpenAI_0");
            }
            String text = template.toString().replace("inputModerationSimple_0", "inputModerationOpenAI_0");
            ObjectNode moderated = (ObjectNode) JSON.readTree(text);
            return ConfigDirs.withInputs(moderated, "inputModerationOpenAI_0", inputs);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
