package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How exports are wired by role, which nodes are refused at load and why, and the streaming rule. */
class FlowAssemblerTest {

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
    void a_javascript_node_fails_the_load_naming_node_type_and_why() {
        for (String type : new String[] {"customTool", "customFunction", "ifElseFunction"}) {
            assertEquals("node bufferMemory_0 (" + type + ") cannot be used: it runs JavaScript, "
                    + "which Flowstream cannot execute", failureWithType("bufferMemory_0", type));
        }
    }

    @Test
    void retired_and_python_agents_fail_the_load_saying_why() {
        assertEquals("node bufferMemory_0 (openAIAssistant) cannot be used: it runs on OpenAI's Assistants API, "
                + "which OpenAI has retired", failureWithType("bufferMemory_0", "openAIAssistant"));
        for (String type : new String[] {"autoGPT", "babyAGI"}) {
            assertEquals("node bufferMemory_0 (" + type + ") cannot be used: it was removed from Flowise 3; "
                    + "build the flow with a tool agent instead", failureWithType("bufferMemory_0", type));
        }
        assertEquals("node bufferMemory_0 (csvAgent) cannot be used: it runs Python code (pandas) on the file, "
                + "which Flowstream cannot execute", failureWithType("bufferMemory_0", "csvAgent"));
    }

    @Test
    void mcp_and_chatflow_tools_fail_the_load_saying_why() {
        assertEquals("node bufferMemory_0 (customMCP) cannot be used: it starts or connects to an MCP server, "
                + "which Flowstream does not support", failureWithType("bufferMemory_0", "customMCP"));
        assertTrue(failureWithType("bufferMemory_0", "chatflowTool")
                .startsWith("node bufferMemory_0 (chatflowTool) cannot be used: it calls another chatflow"));
    }

    @Test
    void another_unknown_type_keeps_the_plain_message() {
        assertEquals("node bufferMemory_0 has type zepMemory, which Flowstream does not support",
                failureWithType("bufferMemory_0", "zepMemory"));
    }

    @Test
    void a_node_of_the_wrong_role_is_refused_where_it_is_used() {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("conversation-buffer"), "conversationChain_0",
                Map.of("model", "{{bufferMemory_0.data.instance}}"));

        String failure = failure(export);

        assertTrue(failure.startsWith("node conversationChain_0 (conversationChain) input model is connected to node "
                + "bufferMemory_0 of type bufferMemory; Flowstream supports only a chat model there ("), failure);
        assertTrue(failure.contains("chatOpenAI"), failure);
    }

    @Test
    void a_conversation_chain_without_memory_is_refused() {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("conversation-buffer"), "conversationChain_0",
                Map.of("memory", ""));

        assertEquals("node conversationChain_0 (conversationChain) needs a node connected to its memory input",
                failure(export));
    }

    @Test
    void a_reference_to_a_missing_node_is_refused() {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("conversation-chat-prompt"), "conversationChain_0",
                Map.of("chatPromptTemplate", "{{chatPromptTemplate_9.data.instance}}"));

        assertEquals("node conversationChain_0 (conversationChain) input chatPromptTemplate references node "
                + "chatPromptTemplate_9, which is not in the export", failure(export));
    }

    @Test
    void chains_stream_unless_a_model_does_not_or_an_output_parser_is_set() {
        assertTrue(fixture.flow("conversation-buffer").streamable());
        assertTrue(fixture.flow("llm-chat-prompt").streamable());
        assertFalse(fixture.flow("structured-output-parser").streamable());
        ObjectNode quiet = ConfigDirs.withInputs(FlowFixture.export("llm-chat-prompt"), "chatOpenAI_0",
                Map.of("streaming", "false"));
        assertFalse(fixture.flow(quiet, FlowFixture.settings(10, 60_000)).streamable());
    }

    private String failureWithType(String nodeId, String type) {
        ObjectNode export = FlowFixture.export("conversation-buffer");
        export.path("nodes").forEach(node -> {
            if (node.path("id").asText().equals(nodeId)) ((ObjectNode) node.path("data")).put("name", type);
        });
        return failure(export);
    }

    private String failure(ObjectNode export) {
        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(10, 60_000));
        assertTrue(catalog.find("flow").isEmpty());
        return catalog.failures().get("flow");
    }
}
