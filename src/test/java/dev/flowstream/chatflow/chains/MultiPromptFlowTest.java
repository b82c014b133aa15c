package dev.flowstream.chatflow.chains;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * multiPromptChain over two promptRetrievers: a plain system message (physics) and a LangChain
 * template with {@code {input}} and a JSON example (math); the model is a stub whose routing
 * answers are scripted as a model following the router prompt would write them.
 */
class MultiPromptFlowTest {

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
    void the_router_prompt_lists_each_prompt_and_asks_for_next_inputs_input() throws Exception {
        route("physics", "How fast is light?");

        await(flow(export()).run(FlowRequest.of("How fast is light?"), new RecordingSink()));

        String router = fixture.stub().requestBodies().get(0);
        assertTrue(router.contains(jsonText(RetrieverRouter.PROMPTS_HEAD + "physics: Good for answering questions about physics\n"
                + "math: Good for answering math questions\n\n<< INPUT >>\nHow fast is light?\n\n<< OUTPUT >>\n")), router);
        assertTrue(RetrieverRouter.PROMPTS_HEAD.contains("\"next_inputs.input\" can just be the original input"));
    }

    @Test
    void a_plain_system_message_is_sent_before_the_router_s_input_and_only_the_answer_streams() throws Exception {
        route("physics", "How fast is light in a vacuum?");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(export()).run(FlowRequest.of("How fast is light?"), sink));

        assertEquals(List.of("system: You are a very smart physics professor. Answer in one sentence.",
                "user: How fast is light in a vacuum?"), fixture.sentMessages());
        assertEquals("Echo: How fast is light in a vacuum?", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(2, fixture.stub().requests());
    }

    @Test
    void a_template_with_input_is_filled_and_its_json_example_kept_as_written() throws Exception {
        route("math", "What is 7 times 6?");

        await(flow(export()).run(FlowRequest.of("7 x 6?"), new RecordingSink()));

        assertEquals(List.of("user: You are a very good mathematician. Reply as {\"answer\": \"...\"}. Here is a question:\n"
                + "What is 7 times 6?\n"), fixture.sentMessages());
    }

    @Test
    void a_default_route_answers_in_the_default_conversation_prompt() throws Exception {
        route("DEFAULT", "What is the capital of France?");

        await(flow(export()).run(FlowRequest.of("What is the capital of France?"), new RecordingSink()));

        assertEquals(List.of("user: " + MultiRetrievalQaChainNode.DEFAULT_PROMPT + "What is the capital of France?\nAI:"),
                fixture.sentMessages());
    }

    @Test
    void a_route_to_no_prompt_of_the_chain_fails_naming_the_node_and_its_prompts() {
        route("poetry", "Write a haiku");

        ChatflowException failure = FlowFixture.failure(flow(export()).run(FlowRequest.of("Write a haiku"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("node multiPromptChain_0 (multiPromptChain): the model chose poetry, which is none of its prompts "
                + "(physics, math)", failure.getMessage());
    }

    @Test
    void a_routing_answer_without_next_inputs_input_fails_the_run() {
        fixture.stub().replyWhen("<< CANDIDATE PROMPTS >>", "{\"destination\": \"math\", \"next_inputs\": {\"query\": \"7 x 6\"}}");

        ChatflowException failure = FlowFixture.failure(flow(export()).run(FlowRequest.of("7 x 6?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("node multiPromptChain_0 (multiPromptChain): the model's routing answer is not the JSON object its prompt "
                + "asks for, with next_inputs.input", failure.getMessage());
    }

    @Test
    void prompts_that_cannot_be_told_apart_or_used_fail_the_load() {
        assertEquals("node multiPromptChain_0 (multiPromptChain) has two prompts named physics",
                loadFailure(ConfigDirs.withInputs(export(), "promptRetriever_1", Map.of("name", "physics"))));
        assertEquals("node promptRetriever_1 (promptRetriever) needs a description in its description input, for the chain "
                + "to choose it by", loadFailure(ConfigDirs.withInputs(export(), "promptRetriever_1", Map.of("description", " "))));
        assertEquals("node promptRetriever_0 (promptRetriever) needs a prompt in its systemMessage input",
                loadFailure(ConfigDirs.withInputs(export(), "promptRetriever_0", Map.of("systemMessage", ""))));
        assertEquals("node promptRetriever_1 (promptRetriever) input systemMessage uses {level}, {topic}; only {input} can be filled",
                loadFailure(ConfigDirs.withInputs(export(), "promptRetriever_1", Map.of("systemMessage", "{topic} at {level}: {input}"))));
        assertEquals("node multiPromptChain_0 (multiPromptChain) needs a promptRetriever connected to its promptRetriever input",
                loadFailure(ConfigDirs.withInputs(export(), "multiPromptChain_0", Map.of("promptRetriever", List.of()))));
        assertEquals("node multiPromptChain_0 (multiPromptChain) needs a node connected to its model input",
                loadFailure(ConfigDirs.withInputs(export(), "multiPromptChain_0", Map.of("model", ""))));
        String notAPrompt = loadFailure(ConfigDirs.withInputs(export(), "multiPromptChain_0",
                Map.of("promptRetriever", List.of("{{chatOpenAI_0.data.instance}}"))));
        assertTrue(notAPrompt.startsWith("node multiPromptChain_0 (multiPromptChain) input promptRetriever is connected to node "
                + "chatOpenAI_0 of type chatOpenAI; Flowstream supports only a prompt retriever there (promptRetriever)"), notAPrompt);
    }

    private void route(String destination, String input) {
        fixture.stub().replyWhen("<< CANDIDATE PROMPTS >>", "```json\n{\n  \"destination\": \"" + destination
                + "\",\n  \"next_inputs\": {\"input\": \"" + input + "\"}\n}\n```");
    }

    private static ObjectNode export() {
        return FlowFixture.export("multi-prompt");
    }

    private Chatflow flow(ObjectNode export) {
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(ObjectNode export) {
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }

    /** How the text appears inside the JSON request body. */
    private static String jsonText(String text) throws Exception {
        String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        return quoted.substring(1, quoted.length() - 1);
    }
}
