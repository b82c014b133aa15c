package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.support.llamaindex.LlamaPrompt;
import dev.flowstream.testing.AnthropicStub;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PineconeStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own LlamaIndex templates ("Query Engine", "SubQuestion Query Engine", "Simple Chat
 * Engine", as unpacked into {@code target/flowise-templates}) with what a user sets in the canvas
 * (an index name, loaders where the store has none, keys) and every vendor pointed at a local stub:
 * the stores are upserted, a question is asked, the answer streams and its sources follow.
 */
class LlamaIndexTemplatesTest {

    private static final Path TEMPLATES = Path.of("target/flowise-templates");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private final AnthropicStub anthropic = AnthropicStub.start();
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final PineconeStub pinecone = PineconeStub.start("pc-key");
    private final Map<String, String> environment = new HashMap<>();
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        environment.putAll(Map.of("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl(), "PINECONE_API_KEY", "pc-key",
                "ANTHROPIC_BASE_URL", anthropic.baseUrl(), "ANTHROPIC_API_KEY", "an-key", "AZURE_OPENAI_API_KEY", "az-key"));
    }

    @AfterEach
    void stop() {
        fixture.close();
        anthropic.close();
        embeddings.close();
        pinecone.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void query_engine_answers_with_claude_from_pinecone_streaming_then_sending_its_sources(String version) throws Exception {
        ObjectNode export = template(version, "Query Engine");
        set(export, "pineconeLlamaIndex_0", Map.of("pineconeIndex", "facts"));
        set(export, "openAIEmbedding_LlamaIndex_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        addLoader(export, "plainText_0", "Sea otters hold hands while they sleep.", Map.of("source", "otters"), "pineconeLlamaIndex_0");

        FlowResult result = ask(upserted(export), "Why do sea otters hold hands?");

        String prompt = "Context information:\n<context>\nSea otters hold hands while they sleep.\n</context>\nGiven the context "
                + "information and not prior knowledge, answer the query.\nQuery: Why do sea otters hold hands?";
        JsonNode request = JSON.readTree(anthropic.lastRequestBody().orElseThrow());
        assertEquals(prompt, request.path("messages").get(0).path("content").get(0).path("text").asText(), request.toString());
        assertEquals("Echo: " + prompt, result.text());
        assertEquals("otters", result.sourceDocuments().get(0).metadata().get("source"));
        assertStreamedWithSources(result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void sub_question_query_engine_asks_its_apple_and_tesla_tools_and_streams_the_sec_answer(String version) throws Exception {
        ObjectNode export = template(version, "SubQuestion Query Engine");
        for (String model : List.of("chatOpenAI_LlamaIndex_0", "chatOpenAI_LlamaIndex_1")) {
            set(export, model, Map.of("basepath", fixture.stub().baseUrl()));
        }
        for (String embedder : List.of("openAIEmbedding_LlamaIndex_0", "openAIEmbedding_LlamaIndex_1")) {
            set(export, embedder, Map.of("basepath", embeddings.openAiBaseUrl()));
        }
        addLoader(export, "plainText_0", "Apple sold 225 million iPhones in 2022.", Map.of("source", "apple"), "pineconeLlamaIndex_1");
        addLoader(export, "plainText_1", "Tesla delivered 1.3 million cars in 2022.", Map.of("source", "tesla"), "pineconeLlamaIndex_0");
        fixture.stub().replyWhen("# Example 2", "[{\"subQuestion\": \"iPhones sold?\", \"toolName\": \"apple_tool\"}, "
                + "{\"subQuestion\": \"Cars delivered?\", \"toolName\": \"tesla_tool\"}]")
                .replyWhen("Query: iPhones sold?", "225 million.").replyWhen("Query: Cars delivered?", "1.3 million.");

        FlowResult result = ask(upserted(export), "Compare Apple and Tesla in 2022.");

        assertEquals(4, fixture.stub().requests());
        String bodies = String.join("\n", fixture.stub().requestBodies());
        assertTrue(bodies.contains("Apple sold 225 million iPhones in 2022.\\n---------------------\\nGiven the context "
                + "information and not prior knowledge, answer the query.\\nQuery: iPhones sold?"), bodies);
        assertTrue(bodies.contains("Tesla delivered 1.3 million cars in 2022.\\n---------------------\\nGiven the context "
                + "information and not prior knowledge, answer the query.\\nQuery: Cars delivered?"), bodies);
        assertTrue(result.text().startsWith("Echo: A user has selected a set of SEC filing documents"), result.text());
        assertTrue(result.text().contains("\n---------------------\nSub question: iPhones sold? Response: 225 million. "
                + "Sub question: Cars delivered? Response: 1.3 million.\n---------------------\n"), result.text());
        assertEquals(2, result.sourceDocuments().size());
        assertStreamedWithSources(result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void simple_chat_engine_streams_azure_s_answer_and_remembers_the_conversation(String version) throws Exception {
        ObjectNode export = template(version, "Simple Chat Engine");
        set(export, "azureChatOpenAI_LlamaIndex_0", Map.of("basepath", fixture.stub().azureBaseUrl(),
                "azureOpenAIApiDeploymentName", "gpt35"));
        Chatflow flow = load(export);

        await(flow.run(new FlowRequest("My name is Ada.", "chat-1", Map.of(), List.of()), new RecordingSink()));
        FlowResult result = await(flow.run(new FlowRequest("What is my name?", "chat-1", Map.of(), List.of()), sink));

        JsonNode messages = JSON.readTree(fixture.stub().lastRequestBody().orElseThrow()).path("messages");
        assertEquals(List.of("You are a helpful assistant.", "My name is Ada.", "Echo: My name is Ada.", "What is my name?"),
                messages.findValuesAsText("content"));
        assertEquals("az-key", fixture.stub().lastHeader("api-key").orElseThrow());
        assertEquals("Echo: What is my name?", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals("end", sink.names().get(sink.names().size() - 1));
    }

    @Test
    void llamaindex_s_refine_prompt_is_the_one_flowise_puts_in_its_nodes() throws Exception {
        JsonNode synthesizer = template("flowise@3.1.4", "Query Engine").path("nodes").findParent("refinePrompt");
        assertEquals(LlamaPrompt.REFINE.toString(), synthesizer.path("refinePrompt").asText());
    }

    private void assertStreamedWithSources(FlowResult result) {
        List<String> names = sink.names();
        assertEquals("start", names.get(0), names.toString());
        assertEquals(result.text(), sink.text());
        assertFalse(result.sourceDocuments().isEmpty());
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        assertEquals(0, sink.count("error"));
    }

    private FlowResult ask(Chatflow flow, String question) throws Exception {
        assertTrue(flow.streamable());
        return await(flow.run(FlowRequest.of(question), sink));
    }

    private Chatflow upserted(ObjectNode export) throws Exception {
        Chatflow flow = load(export);
        flow.upsert(Map.of()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        return flow;
    }

    private Chatflow load(ObjectNode export) {
        var catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("flow").orElseThrow();
    }

    private static ObjectNode template(String version, String name) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(TEMPLATES.resolve(version).resolve(name + ".json")));
    }

    private static void set(ObjectNode export, String nodeId, Map<String, Object> inputs) {
        ConfigDirs.withInputs(export, nodeId, inputs);
    }

    /** A plain text loader connected to the store's document input, as a user would add one in the canvas. */
    private static void addLoader(ObjectNode export, String id, String text, Map<String, String> metadata, String store) {
        ObjectNode data = ((ArrayNode) export.path("nodes")).addObject().put("id", id).putObject("data")
                .put("id", id).put("name", "plainText").put("label", "Plain Text");
        data.putObject("inputs").put("text", text).set("metadata", JSON.valueToTree(metadata));
        set(export, store, Map.of("document", List.of("{{" + id + ".data.instance}}")));
        ((ArrayNode) export.path("edges")).addObject().put("source", id).put("target", store);
    }
}
