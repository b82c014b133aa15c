package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.prompts.TemplateFlows.set;
import static dev.flowstream.chatflow.prompts.TemplateFlows.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prompt value from a store's documents ({@code {{vectorStoreToDocument_0.data.instance}}}) whose
 * query is a chain's answer: Flowise's "Prompt Chaining with VectorStore", its SingleStore swapped
 * for a memory store filled by a plain text loader, against the OpenAI and embeddings stubs.
 */
class StoreTextValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private final EmbeddingStub embeddings = EmbeddingStub.start();

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
    }

    @Test
    void the_rephrased_question_searches_the_store_and_its_documents_fill_the_final_prompt() throws Exception {
        fixture.stub().replyWhen("Standalone question:", "When does the bakery open?");
        Chatflow flow = fixture.catalog(withMemoryStore(), FlowFixture.settings(100, 3_600_000)).find("flow").orElseThrow();
        flow.upsert(Map.of()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("And the opening time?"), sink));

        List<String> bodies = fixture.stub().requestBodies();
        assertEquals(2, bodies.size());
        assertTrue(lastContent(bodies.get(0)).endsWith("Follow Up Input: And the opening time?\nStandalone question:"));
        assertEquals("When does the bakery open?", embeddings.requests().get(embeddings.requests().size() - 1).inputs().get(0));
        JsonNode messages = JSON.readTree(bodies.get(1)).path("messages");
        assertTrue(messages.get(0).path("content").asText().contains("<context>\n    The bakery opens at 7.\n\n<context/>"),
                messages.get(0).path("content").asText());
        assertEquals("And the opening time?", lastContent(bodies.get(1)));
        assertEquals("Echo: And the opening time?", result.text());
        assertEquals(result.text(), sink.text());
    }

    private ObjectNode withMemoryStore() {
        ObjectNode export = template("flowise@1.8.4/Prompt Chaining with VectorStore");
        for (JsonNode node : export.path("nodes")) {
            if (node.path("id").asText().equals("singlestore_0")) ((ObjectNode) node.path("data")).put("name", "memoryVectorStore");
        }
        set(export, "singlestore_0", Map.of("document", List.of("{{plainText_0.data.instance}}")));
        set(export, "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        set(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        set(export, "chatOpenAI_1", Map.of("basepath", fixture.stub().baseUrl()));
        ObjectNode loader = ((ArrayNode) export.path("nodes")).addObject().put("id", "plainText_0");
        loader.putObject("data").put("id", "plainText_0").put("name", "plainText").put("label", "Plain Text")
                .putObject("inputs").put("text", "The bakery opens at 7.");
        ((ArrayNode) export.path("edges")).addObject().put("source", "plainText_0").put("target", "singlestore_0");
        return export;
    }

    private static String lastContent(String body) throws Exception {
        JsonNode messages = JSON.readTree(body).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
