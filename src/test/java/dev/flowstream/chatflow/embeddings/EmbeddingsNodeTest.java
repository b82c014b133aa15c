package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openAIEmbeddings and ollamaEmbedding against the embedding stub, whose vectors make retrieval meaningful. */
class EmbeddingsNodeTest {

    @TempDir
    Path configDir;
    private EmbeddingStub stub;
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        stub = EmbeddingStub.start();
        runtime = new FlowRuntime(configDir, FlowFixture.settings(100, 3_600_000), name -> null);
    }

    @AfterEach
    void stop() {
        runtime.close();
        stub.close();
    }

    @Test
    void open_ai_embeddings_send_every_text_in_one_request_and_get_the_stub_vectors() {
        EmbeddingsNode node = EmbeddingsNode.load(node("openAIEmbeddings", Map.of("basepath", stub.openAiBaseUrl(),
                "modelName", "text-embedding-3-small")), runtime);

        List<float[]> vectors = node.embed(List.of("Otters sleep holding hands", "The tower grows in summer"));

        assertArrayEquals(EmbeddingStub.vector("Otters sleep holding hands"), vectors.get(0), 1e-6f);
        assertArrayEquals(EmbeddingStub.vector("The tower grows in summer"), vectors.get(1), 1e-6f);
        assertEquals(List.of(new EmbeddingStub.Request("/v1/embeddings", "text-embedding-3-small",
                List.of("Otters sleep holding hands", "The tower grows in summer"))), stub.requests());
    }

    @Test
    void custom_open_ai_embeddings_send_the_headers_of_base_options() {
        EmbeddingsNode node = EmbeddingsNode.load(node("openAIEmbeddingsCustom", Map.of("basepath", stub.openAiBaseUrl(),
                "modelName", "my-embedder", "baseOptions", "{\"X-Tenant\": \"otters\"}")), runtime);

        node.embed(List.of("a river"));

        assertEquals(java.util.Optional.of("otters"), stub.lastHeader("X-Tenant"));
        assertEquals("my-embedder", stub.requests().get(0).model());
    }

    @Test
    void local_ai_embeddings_call_the_open_ai_api_at_their_base_path_without_a_key() {
        EmbeddingsNode node = EmbeddingsNode.load(node("localAIEmbeddings", Map.of("basePath", stub.openAiBaseUrl(),
                "modelName", "text-embedding-ada-002")), runtime);

        List<float[]> vectors = node.embed(List.of("honey never spoils"));

        assertArrayEquals(EmbeddingStub.vector("honey never spoils"), vectors.get(0), 1e-6f);
        assertEquals("/v1/embeddings", stub.requests().get(0).path());
    }

    @Test
    void local_ai_embeddings_without_a_base_path_fail_the_load_naming_the_input() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> EmbeddingsNode.load(node("localAIEmbeddings", Map.of()), runtime));
        assertEquals("node embeddings_0 (localAIEmbeddings) needs the LocalAI server's address in its basePath input",
                failure.getMessage());
    }

    @Test
    void ollama_embeddings_call_api_embed_with_the_model_name() {
        EmbeddingsNode node = EmbeddingsNode.load(node("ollamaEmbedding", Map.of("baseUrl", stub.ollamaBaseUrl(),
                "modelName", "nomic-embed-text")), runtime);

        List<float[]> vectors = node.embed(List.of("honey never spoils"));

        assertArrayEquals(EmbeddingStub.vector("honey never spoils"), vectors.get(0), 1e-6f);
        assertEquals(List.of(new EmbeddingStub.Request("/api/embed", "nomic-embed-text", List.of("honey never spoils"))),
                stub.requests());
    }

    @Test
    void a_question_is_closest_to_the_passage_it_shares_words_with() {
        float[] question = EmbeddingStub.vector("Why does the tower grow in summer?");

        double tower = dot(question, EmbeddingStub.vector("The tower grows taller in summer heat."));
        double otters = dot(question, EmbeddingStub.vector("Otters hold hands while they sleep."));

        assertTrue(tower > otters, tower + " <= " + otters);
    }

    @Test
    void open_ai_embeddings_without_a_key_or_a_base_path_fail_the_call_that_needs_them_not_the_load() {
        EmbeddingsNode loaded = EmbeddingsNode.load(node("openAIEmbeddings", Map.of()), runtime);

        ChatflowException thrown = assertThrows(ChatflowException.class, () -> loaded.embed(List.of("hello")));

        assertEquals(ChatflowException.Kind.CONFIGURATION, thrown.kind());
        assertEquals("openAIEmbeddings node embeddings_0 has no API key: set OPENAI_API_KEY or the node's "
                + "openAIApiKey input", thrown.getMessage());
    }

    private static ExportNode node(String type, Map<String, String> inputs) {
        Map<String, JsonNode> values = new HashMap<>();
        inputs.forEach((key, value) -> values.put(key, TextNode.valueOf(value)));
        return new ExportNode("embeddings_0", type, type, new NodeInputs("embeddings_0", type, values));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
