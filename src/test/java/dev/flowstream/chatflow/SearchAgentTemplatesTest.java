package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.chatflow.node.Credentials;
import dev.flowstream.streaming.UsedTool;
import dev.flowstream.testing.OllamaStub;
import dev.flowstream.testing.WebSearchStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's agent templates with web search tools ("Tool Agent", "Conversational Agent", "ReAct
 * Agent"), their model pointed at the OpenAI stub and their search tool at the web search stub,
 * with the credentials a user would add.
 */
class SearchAgentTemplatesTest {

    private static final Path TEMPLATES = Path.of("target/flowise-templates");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CADENCE = "Java ships a feature release every six months.";
    private static final String REACT_SEARCH = "Thought: Do I need to use a tool? Yes\nAction: google-custom-search\n"
            + "Action Input: java release cadence\nObservation: (invented by the model)";

    @TempDir
    Path configDir;
    private final WebSearchStub search = WebSearchStub.start("search-key", "engine-1")
            .page("Java release cadence", "https://example.org/cadence", CADENCE)
            .answer("capital of france", "Paris");
    private FlowFixture fixture;

    @BeforeEach
    void credentials() throws IOException {
        fixture = new FlowFixture(configDir);
        Files.writeString(configDir.resolve(Credentials.FILE), "{\"serpApi\": {\"serpApiKey\": \"search-key\"}, "
                + "\"googleCustomSearchApi\": {\"googleCustomSearchApiKey\": \"search-key\", \"googleCustomSearchApiId\": \"engine-1\"}}");
    }

    @AfterEach
    void stop() {
        fixture.close();
        search.close();
    }

    @Test
    void the_tool_agent_template_searches_with_serp_api_and_streams_only_the_final_answer() throws Exception {
        Chatflow flow = load("flowise@3.1.4/Tool Agent", Map.of());
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("[[call=search:{\"input\":\"capital of France\"}]]"), sink));

        UsedTool searched = new UsedTool("search", Map.of("input", "capital of France"), "Paris");
        assertEquals("Tool said: Paris", result.text());
        assertEquals(List.of(searched), result.usedTools());
        assertEquals(List.of("start", "token", "token", "token", "usedTools", "end"), sink.names());
        assertEquals(result.text(), sink.text());
        assertEquals("/search.json", search.lastUri().orElseThrow().getPath());
        assertEquals("q=capital of France&api_key=search-key", search.lastUri().orElseThrow().getQuery());
        JsonNode decision = JSON.readTree(fixture.stub().requestBodies().get(0));
        assertEquals(List.of("calculator", "search"), toolNames(decision));
        assertEquals("You are a helpful AI assistant.", decision.path("messages").get(0).path("content").asText());
    }

    @Test
    void the_conversational_agent_template_runs_as_a_tool_agent_with_its_system_message() throws Exception {
        Chatflow flow = load("flowise@1.8.4/Conversational Agent", Map.of());

        FlowResult result = await(flow.run(FlowRequest.of("[[call=search:{\"input\":\"capital of France\"}]]"), new RecordingSink()));

        assertEquals("Tool said: Paris", result.text());
        JsonNode decision = JSON.readTree(fixture.stub().requestBodies().get(0));
        assertEquals(List.of("calculator", "search"), toolNames(decision));
        assertTrue(decision.path("messages").get(0).path("content").asText().startsWith("Assistant is a large language model"));
    }

    @Test
    void the_conversational_agent_on_a_model_without_tool_calls_reads_json_actions_from_its_text() throws Exception {
        try (OllamaStub ollama = OllamaStub.start()) {
            ollama.replyWhen("TOOL RESPONSE:", "```json\n{\"action\": \"Final Answer\", \"action_input\": \"It is Paris.\"}\n```")
                    .replyWhen("USER'S INPUT", "```json\n{\"action\": \"search\", \"action_input\": \"capital of France\"}\n```");
            ObjectNode export = template("flowise@1.8.4/Conversational Agent");
            export.withArray("nodes").forEach(node -> {
                if (node.path("id").asText().equals("chatOpenAI_0")) ((ObjectNode) node.path("data")).put("name", "chatOllama");
            });
            ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("baseUrl", ollama.baseUrl(), "modelName", "llama2"));
            DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000),
                    Map.of("SERPAPI_BASE_URL", search.url())::get);
            RecordingSink sink = new RecordingSink();

            FlowResult result = await(catalog.find("flow").orElseThrow().run(FlowRequest.of("What is the capital of France?"), sink));

            assertEquals("It is Paris.", result.text());
            assertEquals(List.of(new UsedTool("search", "capital of France", "Paris")), result.usedTools());
            assertEquals(List.of("start", "token", "token", "token", "usedTools", "end"), sink.names());
            JsonNode first = JSON.readTree(ollama.requestBodies().get(0)).path("messages");
            assertTrue(first.get(0).path("content").asText().startsWith("Assistant is a large language model"));
            assertTrue(first.get(1).path("content").asText().contains("> search: A search engine"));
            assertTrue(first.get(1).path("content").asText().endsWith("USER'S INPUT\n------------\nWhat is the capital of France?"));
            JsonNode second = JSON.readTree(ollama.requestBodies().get(1)).path("messages");
            assertEquals("assistant", second.get(2).path("role").asText());
            assertTrue(second.get(3).path("content").asText().startsWith("TOOL RESPONSE:\n---------------------\nParis\n"));
        }
    }

    @Test
    void the_react_agent_template_parses_the_action_searches_google_and_streams_the_final_answer() throws Exception {
        fixture.stub().replyWhen("Observation: [{", "Thought: Do I need to use a tool? No\nFinal Answer: Every six months.")
                .replyWhen("New input: How often does Java ship?", REACT_SEARCH);
        Chatflow flow = load("flowise@1.8.4/ReAct Agent", Map.of());
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(new FlowRequest("How often does Java ship?", "chat-1", Map.of(), List.of()), sink));

        String found = "[{\"title\":\"Java release cadence\",\"link\":\"https://example.org/cadence\",\"snippet\":\"" + CADENCE + "\"}]";
        assertEquals("Every six months.", result.text());
        assertEquals(List.of(new UsedTool("google-custom-search", "java release cadence", found)), result.usedTools());
        assertEquals(List.of("start", "token", "token", "token", "usedTools", "end"), sink.names());
        assertEquals("key=search-key&cx=engine-1&q=java release cadence", search.lastUri().orElseThrow().getQuery());
        List<String> bodies = fixture.stub().requestBodies();
        assertEquals(2, bodies.size());
        String first = prompt(bodies.get(0));
        assertTrue(first.contains("google-custom-search: A custom search engine"), first);
        assertTrue(first.contains("one of [google-custom-search, calculator]"), first);
        assertFalse(JSON.readTree(bodies.get(0)).has("tools"));
        String second = prompt(bodies.get(1));
        assertTrue(second.endsWith("Action Input: java release cadence\nObservation: " + found + "\nThought: "), second);
        assertFalse(second.contains("invented by the model"), second);
    }

    @Test
    void the_react_agent_remembers_the_conversation_in_its_prompt() throws Exception {
        fixture.stub().replyWhen("New input: hello", "Thought: Do I need to use a tool? No\nFinal Answer: Hi there.")
                .replyWhen("New input: again", "Final Answer: Again.");
        Chatflow flow = load("flowise@3.1.4/ReAct Agent", Map.of());

        await(flow.run(new FlowRequest("hello", "chat-1", Map.of(), List.of()), new RecordingSink()));
        await(flow.run(new FlowRequest("again", "chat-1", Map.of(), List.of()), new RecordingSink()));

        assertTrue(prompt(fixture.stub().lastRequestBody().orElseThrow())
                .contains("Previous conversation history:\nhello\nHi there.\n\nNew input: again"));
    }

    @Test
    void a_react_reply_in_neither_form_is_answered_with_the_problem_and_a_looping_agent_stops_at_max_iterations() throws Exception {
        fixture.stub().replyWhen("New input: loop", "I am not sure what to do.");
        Chatflow flow = load("flowise@1.8.4/ReAct Agent", Map.of("maxIterations", "3"));
        RecordingSink sink = new RecordingSink();

        ChatflowException failed = failure(flow.run(FlowRequest.of("loop"), sink));

        assertEquals(ChatflowException.Kind.CHAIN, failed.kind());
        assertEquals("agent reactAgentChat_0 stopped after 3 iterations without a final answer; raise its maxIterations "
                + "input or check its tools", failed.getMessage());
        assertEquals(3, fixture.stub().requests());
        assertTrue(prompt(fixture.stub().lastRequestBody().orElseThrow()).endsWith("I am not sure what to do.\n"
                + "Observation: Invalid format: missing 'Action:' after 'Thought:'\nThought: "));
        assertEquals(List.of(), sink.names());
    }

    @Test
    void a_react_agent_told_to_use_an_unknown_tool_tells_the_model_which_tools_exist() throws Exception {
        fixture.stub().replyWhen("Observation: weather is not a valid tool", "Final Answer: Sorry.")
                .replyWhen("New input: weather", "Action: weather\nAction Input: Paris");
        Chatflow flow = load("flowise@1.8.4/ReAct Agent", Map.of());

        FlowResult result = await(flow.run(FlowRequest.of("weather"), new RecordingSink()));

        assertEquals("Sorry.", result.text());
        assertEquals("weather is not a valid tool, try one of [google-custom-search, calculator].", result.usedTools().get(0).toolOutput());
        assertEquals(0, search.requests());
    }

    @Test
    void bad_agent_inputs_fail_the_load_naming_the_node() throws Exception {
        ObjectNode looping = ConfigDirs.withInputs(template("flowise@1.8.4/ReAct Agent"), "reactAgentChat_0", Map.of("maxIterations", "0"));
        ObjectNode toolless = ConfigDirs.withInputs(template("flowise@1.8.4/Conversational Agent"), "conversationalAgent_0",
                Map.of("tools", List.of()));
        ConfigDirs.write(configDir, "looping", looping);
        ConfigDirs.write(configDir, "toolless", toolless);
        DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null);
        try {
            assertEquals("node reactAgentChat_0 (reactAgentChat) input maxIterations must be at least 1", catalog.failures().get("looping"));
            assertEquals("node conversationalAgent_0 (conversationalAgent) needs at least one tool connected to its tools input",
                    catalog.failures().get("toolless"));
        } finally {
            catalog.close();
        }
    }

    private Chatflow load(String template, Map<String, Object> agentInputs) throws IOException {
        ObjectNode export = template(template);
        export.withArray("nodes").forEach(node -> {
            String id = node.path("id").asText();
            if (id.startsWith("reactAgentChat_") || id.startsWith("conversationalAgent_") || id.startsWith("toolAgent_")) {
                ConfigDirs.withInputs(export, id, agentInputs);
            }
        });
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        Map<String, String> environment = Map.of("SERPAPI_BASE_URL", search.url(), "GOOGLE_CUSTOM_SEARCH_BASE_URL", search.url());
        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("flow").orElseThrow();
    }

    private static ObjectNode template(String name) throws IOException {
        return (ObjectNode) JSON.readTree(TEMPLATES.resolve(name + ".json").toFile());
    }

    private static List<String> toolNames(JsonNode body) {
        return java.util.stream.StreamSupport.stream(body.path("tools").spliterator(), false)
                .map(tool -> tool.path("function").path("name").asText()).toList();
    }

    private static String prompt(String body) throws IOException {
        JsonNode messages = JSON.readTree(body).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
