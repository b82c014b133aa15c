package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.testing.AnthropicStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static dev.flowstream.chatflow.prompts.TemplateFlows.set;
import static dev.flowstream.chatflow.prompts.TemplateFlows.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * promptValues that take other nodes' outputs ({@code {{llmChain_0.data.instance}}},
 * {@code {{plainText_0.data.instance}}}): Flowise's "Prompt Chaining" and "Transcript
 * Summarization" templates against the model stubs, and references that cannot give text.
 */
class NodeOutputValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST_PROMPT = "You are an AI who performs one task based on the following objective: "
            + "%s.\nRespond with how you would complete this task:";

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private final AnthropicStub anthropic = AnthropicStub.start();
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
        anthropic.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void prompt_chaining_feeds_the_first_chain_s_answer_to_the_last_and_streams_only_the_last(String version)
            throws Exception {
        fixture.stub().replyWhen("Respond with how you would complete this task", "Book the flights");
        Chatflow flow = load(chaining(template(version + "/Prompt Chaining")));

        FlowResult result = await(flow.run(FlowRequest.of("Plan a trip"), sink));

        List<String> bodies = fixture.stub().requestBodies();
        assertEquals(2, bodies.size());
        assertEquals(FIRST_PROMPT.formatted("Plan a trip"), userMessage(bodies.get(0)));
        String last = "You are a task creation AI that uses the result of an execution agent to create new tasks with "
                + "the following objective: Plan a trip.\nThe last completed task has the result: Book the flights."
                + "\nBased on the result, create new tasks to be completed by the AI system that do not overlap with "
                + "result.\nReturn the tasks as an array.";
        assertEquals(last, userMessage(bodies.get(1)));
        assertTrue(flow.streamable());
        assertEquals("Echo: " + last, result.text());
        assertEquals(result.text(), sink.text());
        assertEquals("start", sink.names().get(0));
        assertEquals(1, sink.count("end"));
    }

    @Test
    void a_failing_first_chain_fails_the_run_as_a_provider_failure_before_anything_streams() {
        Chatflow flow = load(chaining(template("flowise@1.8.4/Prompt Chaining")));

        ChatflowException failed = failure(flow.run(FlowRequest.of("[[fail]]"), sink));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertEquals(1, fixture.stub().requests());
        assertEquals("", sink.text());
    }

    @Test
    void transcript_summarization_puts_the_plain_text_into_the_system_message_of_the_conversation() throws Exception {
        ObjectNode export = template("flowise@1.8.4/Transcript Summarization");
        set(export, "plainText_0", Map.of("text", "0:00 - Split a string on the pipe."));
        set(export, "chatAnthropic_0", Map.of("basepath", anthropic.baseUrl()));
        Chatflow flow = load(export, Map.of("ANTHROPIC_API_KEY", "an-key"));

        FlowResult result = await(flow.run(new FlowRequest("Summarize it", "chat-1", Map.of(), List.of()), sink));

        JsonNode request = JSON.readTree(anthropic.lastRequestBody().orElseThrow());
        String system = request.path("system").isArray() ? request.path("system").get(0).path("text").asText()
                : request.path("system").asText();
        assertTrue(system.endsWith("Transcript:0:00 - Split a string on the pipe.\n"), system);
        assertTrue(request.path("messages").toString().contains("Summarize it"), request.toString());
        assertEquals(result.text(), sink.text());
    }

    @Test
    void a_reference_to_a_node_that_gives_no_text_fails_the_load_naming_the_node_and_input() {
        ObjectNode export = chaining(template("flowise@1.8.4/Prompt Chaining"));
        set(export, "promptTemplate_1", Map.of("promptValues",
                "{\"objective\":\"{{question}}\",\"result\":\"{{chatOpenAI_0.data.instance}}\"}"));

        String reason = failureOf(export);

        assertTrue(reason.startsWith("node promptTemplate_1 (promptTemplate) input promptValues is connected to node "
                + "chatOpenAI_0 of type chatOpenAI; Flowstream supports only a node with a text output there ("), reason);
    }

    @Test
    void a_reference_to_a_node_the_export_lacks_fails_the_load_naming_it() {
        ObjectNode export = chaining(template("flowise@1.8.4/Prompt Chaining"));
        set(export, "promptTemplate_1", Map.of("promptValues", "{\"objective\":\"{{llmChain_7.data.instance}}\"}"));

        assertEquals("node promptTemplate_1 (promptTemplate) input promptValues references node llmChain_7, which is "
                + "not in the export", failureOf(export));
    }

    private ObjectNode chaining(ObjectNode export) {
        set(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return set(export, "chatOpenAI_1", Map.of("basepath", fixture.stub().baseUrl()));
    }

    private Chatflow load(ObjectNode export) {
        return load(export, Map.of());
    }

    private Chatflow load(ObjectNode export, Map<String, String> environment) {
        var catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("flow").orElseThrow();
    }

    private String failureOf(ObjectNode export) {
        var catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000));
        return catalog.failures().get("flow");
    }

    private static String userMessage(String body) throws Exception {
        JsonNode messages = JSON.readTree(body).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
