package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
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

/** simpleChatEngine: the system message, the conversation of its memory and the question; the answer streams. */
class SimpleChatEngineTest {

    @TempDir
    Path configDir;
    private LlamaIndexFlows flows;

    @BeforeEach
    void start() {
        flows = new LlamaIndexFlows(configDir);
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    @Test
    void the_system_message_goes_first_as_the_user_s_then_the_remembered_conversation_then_the_question() throws Exception {
        Chatflow flow = flows.flow("llamaindex-simple-chat");
        RecordingSink sink = new RecordingSink();

        await(flow.run(question("My name is Ada.", Map.of()), new RecordingSink()));
        await(flow.run(question("What is my name?", Map.of()), sink));

        assertEquals(List.of("user: You are a helpful assistant.", "user: My name is Ada.", "assistant: Echo: My name is Ada.",
                "user: What is my name?"), flows.conversations().get(1));
        assertTrue(flow.streamable());
        assertEquals("Echo: What is my name?", sink.text());
        assertEquals(List.of("start", "token", "token", "token", "token", "token", "end"), sink.names());
    }

    @Test
    void a_request_may_override_the_system_message_and_a_failed_answer_is_not_remembered() throws Exception {
        Chatflow flow = flows.flow("llamaindex-simple-chat");

        assertEquals(ChatflowException.Kind.PROVIDER, FlowFixture.failure(flow.run(question("[[fail]]", Map.of()),
                new RecordingSink())).kind());
        await(flow.run(question("Hello.", Map.of("systemMessagePrompt", "Be brief.")), new RecordingSink()));

        assertEquals(List.of("user: Be brief.", "user: Hello."), flows.conversations().get(1));
    }

    @Test
    void an_engine_without_a_model_or_memory_or_with_langchain_s_model_fails_the_load_naming_the_input() {
        ObjectNode noMemory = ConfigDirs.withInputs(flows.export("llamaindex-simple-chat"), "simpleChatEngine_0", Map.of("memory", ""));
        assertEquals("node simpleChatEngine_0 (simpleChatEngine) needs a node connected to its memory input",
                flows.catalog(noMemory).failures().get("flow"));

        ObjectNode noModel = ConfigDirs.withInputs(flows.export("llamaindex-simple-chat"), "simpleChatEngine_0", Map.of("model", ""));
        assertEquals("node simpleChatEngine_0 (simpleChatEngine) needs a node connected to its model input",
                flows.catalog(noModel).failures().get("flow"));

        ObjectNode langChain = flows.export("llamaindex-simple-chat");
        langChain.path("nodes").forEach(node -> {
            if (node.path("id").asText().equals("chatOpenAI_LlamaIndex_0")) ((ObjectNode) node.path("data")).put("name", "chatOpenAI");
        });
        assertEquals("node simpleChatEngine_0 (simpleChatEngine) input model is connected to node chatOpenAI_LlamaIndex_0 of "
                + "type chatOpenAI; Flowstream supports only a LlamaIndex chat model there (azureChatOpenAI_LlamaIndex, "
                + "chatAnthropic_LlamaIndex, chatOpenAI_LlamaIndex)", flows.catalog(langChain).failures().get("flow"));
    }

    private static FlowRequest question(String text, Map<String, Object> overrideConfig) {
        return new FlowRequest(text, "chat-1", overrideConfig, List.of());
    }
}
