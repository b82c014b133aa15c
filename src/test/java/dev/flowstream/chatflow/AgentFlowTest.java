package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.streaming.UsedTool;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toolAgent and openAIFunctionAgent exports with calculator, currentDateTime and chainTool, run against the OpenAI stub. */
class AgentFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALCULATE = "what is 2*(3+4)? [[call=calculator:{\"input\":\"2*(3+4)\"}]]";

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
    void a_tool_agent_calls_the_calculator_and_streams_only_the_final_answer() throws Exception {
        Chatflow flow = fixture.flow("tool-agent-calculator");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request(CALCULATE, "chat-1"), sink));

        UsedTool calculator = new UsedTool("calculator", Map.of("input", "2*(3+4)"), "14");
        assertTrue(flow.streamable());
        assertEquals("Tool said: 14", result.text());
        assertEquals(List.of("Tool ", "said: ", "14"), sink.tokens());
        assertEquals(List.of("start", "token", "token", "token", "usedTools", "end"), sink.names());
        assertEquals(new StreamEvent.UsedTools(List.of(calculator)), sink.events().get(4));
        assertEquals(List.of(Map.of("tool", "calculator", "toolInput", Map.of("input", "2*(3+4)"), "toolOutput", "14")),
                sink.events().get(4).data());
        assertEquals(List.of(calculator), result.usedTools());
        assertFalse(sink.overlapped());
    }

    @Test
    void the_model_is_offered_the_tool_and_then_sees_its_output() throws Exception {
        Chatflow flow = fixture.flow("tool-agent-calculator");

        await(flow.run(request(CALCULATE, "chat-1"), new RecordingSink()));

        List<JsonNode> bodies = bodies();
        assertEquals(2, bodies.size());
        JsonNode decision = bodies.get(0);
        assertEquals("calculator", decision.path("tools").get(0).path("function").path("name").asText());
        assertEquals(List.of("system: You are a helpful AI assistant.", "user: " + CALCULATE), messages(decision));
        JsonNode answer = bodies.get(1).path("messages");
        JsonNode call = answer.get(2).path("tool_calls").get(0);
        assertEquals("calculator", call.path("function").path("name").asText());
        assertEquals("{\"input\":\"2*(3+4)\"}", call.path("function").path("arguments").asText());
        assertEquals("tool", answer.get(3).path("role").asText());
        assertEquals(call.path("id").asText(), answer.get(3).path("tool_call_id").asText());
        assertEquals("14", answer.get(3).path("content").asText());
    }

    @Test
    void the_agent_remembers_the_question_and_the_final_answer_only() throws Exception {
        Chatflow flow = fixture.flow("tool-agent-calculator");

        await(flow.run(request(CALCULATE, "chat-1"), new RecordingSink()));
        await(flow.run(request("thanks", "chat-1"), new RecordingSink()));

        assertEquals(List.of("system: You are a helpful AI assistant.", "user: " + CALCULATE,
                "assistant: Tool said: 14", "user: thanks"), fixture.sentMessages());
    }

    @Test
    void a_function_agent_calls_current_date_time() throws Exception {
        Chatflow flow = fixture.flow("function-agent-datetime");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request("what time is it [[call=currentDateTime:{}]]", "chat-1"), sink));

        UsedTool used = result.usedTools().get(0);
        assertEquals("currentDateTime", used.tool());
        assertEquals(Map.of(), used.toolInput());
        assertTrue(used.toolOutput().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}([+-]\\d{2}:\\d{2}|Z)"),
                used.toolOutput());
        assertEquals("Tool said: " + used.toolOutput(), result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(List.of("usedTools", "end"), sink.names().subList(sink.names().size() - 2, sink.names().size()));
        assertEquals("system: You tell the time.", messages(bodies().get(0)).get(0));
        assertEquals(2, bodies().get(0).path("tools").size());
    }

    @Test
    void override_config_replaces_the_agents_system_message_for_one_request() throws Exception {
        Chatflow flow = fixture.flow("function-agent-datetime");

        await(flow.run(new FlowRequest("[[call=currentDateTime:{}]]", "chat-1",
                Map.of("systemMessage", "Answer in French."), List.of()), new RecordingSink()));

        List<JsonNode> bodies = bodies();
        assertEquals("system: Answer in French.", messages(bodies.get(0)).get(0));
        assertEquals("system: Answer in French.", messages(bodies.get(1)).get(0));
    }

    @Test
    void a_chain_tool_runs_its_chain_without_streaming_it() throws Exception {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("tool-agent-chain-tool"), "chatOpenAI_1",
                Map.of("basepath", fixture.stub().baseUrl()));
        Chatflow flow = fixture.flow(export, FlowFixture.settings(100, 3_600_000));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request("[[call=facts-chain:{\"input\":\"Java\"}]]", "chat-1"), sink));

        assertEquals(List.of(new UsedTool("facts-chain", Map.of("input", "Java"), "Echo: Facts about Java")),
                result.usedTools());
        assertEquals("Tool said: Echo: Facts about Java", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(1, sink.count("start"));
        List<JsonNode> bodies = bodies();
        assertEquals(3, bodies.size());
        assertEquals("Tells facts about a subject; input is the subject.",
                bodies.get(0).path("tools").get(0).path("function").path("description").asText());
        assertEquals(List.of("user: Facts about Java"), messages(bodies.get(1)));
        assertTrue(bodies.get(1).path("tools").isMissingNode());
    }

    @Test
    void a_chain_tool_can_run_a_retrieval_qa_chain_and_return_its_answer_directly() throws Exception {
        try (EmbeddingStub embeddings = EmbeddingStub.start()) {
            ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("retrieval-qa-plain-text"), "openAIEmbeddings_0",
                    Map.of("basepath", embeddings.openAiBaseUrl()));
            ObjectNode tool = export.withArray("nodes").addObject().put("id", "chainTool_0");
            tool.putObject("data").put("id", "chainTool_0").put("name", "chainTool").put("label", "Chain Tool").putObject("inputs")
                    .put("name", "facts-qa").put("description", "Answers questions about animal facts.")
                    .put("returnDirect", true).put("baseChain", "{{retrievalQAChain_0.data.instance}}");
            ObjectNode agent = export.withArray("nodes").addObject().put("id", "toolAgent_0");
            agent.putObject("data").put("id", "toolAgent_0").put("name", "toolAgent").put("label", "Tool Agent").putObject("inputs")
                    .put("model", "{{chatOpenAI_0.data.instance}}").putArray("tools").add("{{chainTool_0.data.instance}}");
            export.withArray("edges").addObject().put("id", "e-tool").put("source", "retrievalQAChain_0").put("target", "chainTool_0");
            export.withArray("edges").addObject().put("id", "e-agent").put("source", "chainTool_0").put("target", "toolAgent_0");
            export.withArray("edges").addObject().put("id", "e-model").put("source", "chatOpenAI_0").put("target", "toolAgent_0");
            Chatflow flow = fixture.flow(export, FlowFixture.settings(100, 3_600_000));

            FlowResult result = await(flow.run(request("[[call=facts-qa:{\"input\":\"Why do otters hold hands?\"}]]", "chat-1"),
                    new RecordingSink()));

            assertEquals("Echo: Why do otters hold hands?", result.text());
            assertEquals(List.of(new UsedTool("facts-qa", Map.of("input", "Why do otters hold hands?"), result.text())), result.usedTools());
            List<JsonNode> bodies = bodies();
            assertEquals(2, bodies.size());
            assertTrue(messages(bodies.get(1)).get(0).contains("Otters hold hands while they sleep"), messages(bodies.get(1)).toString());
        }
    }

    @Test
    void a_retriever_tool_searches_the_docs_and_returns_them_as_sources() throws Exception {
        ConfigDirs.doc(configDir, "tower.md", "# Eiffel Tower\n\nThe Eiffel Tower is 330 metres tall.");
        ConfigDirs.doc(configDir, "otters.md", "# Otters\n\nOtters hold hands while they sleep.");
        Chatflow flow = fixture.flow("tool-agent-retriever-tool");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request("[[call=docs-search:{\"input\":\"Eiffel Tower tall\"}]]", "chat-1"), sink));

        UsedTool search = result.usedTools().get(0);
        assertEquals("docs-search", search.tool());
        assertTrue(search.toolOutput().startsWith("# Eiffel Tower\n\nThe Eiffel Tower is 330 metres tall."), search.toolOutput());
        assertEquals("tower.md", result.sourceDocuments().get(0).metadata().get("source"));
        assertEquals(List.of("sourceDocuments", "usedTools", "end"), sink.names().subList(sink.names().size() - 3, sink.names().size()));
        assertEquals("Tool said: " + search.toolOutput(), result.text());
    }

    @Test
    void past_max_iterations_the_run_fails_with_a_clear_message() throws Exception {
        Chatflow flow = fixture.flow("function-agent-datetime");
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow.run(
                request("[[repeat]] [[call=calculator:{\"input\":\"1+1\"}]]", "chat-1"), sink));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("agent openAIFunctionAgent_0 stopped after 3 iterations without a final answer; "
                + "raise its maxIterations input or check its tools", failure.getMessage());
        assertEquals(3, fixture.stub().requests());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_tool_that_fails_gives_its_error_as_output_and_the_agent_goes_on() throws Exception {
        Chatflow flow = fixture.flow("tool-agent-calculator");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request("[[call=calculator:{\"input\":\"2*(\"}]]", "chat-1"), sink));

        assertEquals(List.of(new UsedTool("calculator", Map.of("input", "2*("), "the expression ends too early")),
                result.usedTools());
        assertEquals("Tool said: the expression ends too early", result.text());
        assertEquals("end", sink.names().get(sink.names().size() - 1));
    }

    @Test
    void a_call_to_a_tool_the_agent_lacks_is_answered_as_a_tool_error() throws Exception {
        Chatflow flow = fixture.flow("tool-agent-calculator");

        FlowResult result = await(flow.run(request("[[call=search:{\"q\":\"x\"}]]", "chat-1"), new RecordingSink()));

        assertEquals("search is not a valid tool, try one of [calculator].", result.usedTools().get(0).toolOutput());
    }

    @Test
    void an_agent_whose_model_does_not_stream_answers_without_events_but_with_used_tools() throws Exception {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("tool-agent-calculator"), "chatOpenAI_0",
                Map.of("streaming", false));
        Chatflow flow = fixture.flow(export, FlowFixture.settings(100, 3_600_000));

        assertFalse(flow.streamable());
        FlowResult result = await(flow.run(request(CALCULATE, "chat-1"), dev.flowstream.streaming.StreamSink.NONE));
        assertEquals("Tool said: 14", result.text());
        assertEquals("14", result.usedTools().get(0).toolOutput());
    }

    @Test
    void an_agent_with_a_model_that_cannot_call_tools_fails_the_load_naming_the_model() {
        ObjectNode export = FlowFixture.export("tool-agent-calculator");
        export.path("nodes").forEach(node -> {
            if (node.path("id").asText().equals("chatOpenAI_0")) ((ObjectNode) node.path("data")).put("name", "chatOllama");
        });

        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(10, 60_000));

        assertTrue(catalog.find("flow").isEmpty());
        assertEquals("node toolAgent_0 (toolAgent) needs a model that can call tools, but its model node chatOpenAI_0 "
                + "(chatOllama) cannot in Flowstream yet; use chatOpenAI or chatOpenAICustom", catalog.failures().get("flow"));
    }

    @Test
    void an_agent_tool_of_another_kind_fails_the_load() {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("tool-agent-calculator"), "toolAgent_0",
                Map.of("tools", List.of("{{calculator_0.data.instance}}", "{{bufferMemory_0.data.instance}}")));

        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(10, 60_000));

        assertTrue(catalog.failures().get("flow").startsWith("node toolAgent_0 (toolAgent) input tools is connected to "
                + "node bufferMemory_0 of type bufferMemory"), catalog.failures().get("flow"));
    }

    private List<JsonNode> bodies() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (String body : fixture.stub().requestBodies()) bodies.add(JSON.readTree(body));
        return bodies;
    }

    private static List<String> messages(JsonNode body) {
        List<String> lines = new ArrayList<>();
        body.path("messages").forEach(m -> lines.add(m.path("role").asText() + ": " + m.path("content").asText()));
        return lines;
    }

    private static FlowRequest request(String question, String chatId) {
        return new FlowRequest(question, chatId, Map.of(), List.of());
    }
}
