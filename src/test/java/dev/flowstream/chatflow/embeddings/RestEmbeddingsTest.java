package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cohere, Voyage AI, Jina AI, Together AI and Hugging Face embeddings against the embedding stub,
 * which speaks each one's documented API: what each node sends, and that the vectors come back in order.
 */
class RestEmbeddingsTest {

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>();
    private EmbeddingStub stub;
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        stub = EmbeddingStub.start();
        runtime = new FlowRuntime(configDir, FlowFixture.settings(100, 3_600_000), environment::get);
    }

    @AfterEach
    void stop() {
        runtime.close();
        stub.close();
    }

    @Test
    void cohere_embeds_documents_as_search_documents_and_questions_as_search_queries() {
        environment.put("COHERE_API_KEY", "co-key");
        Embedder cohere = load("cohereEmbeddings", Map.of("basepath", stub.ollamaBaseUrl(), "modelName", "embed-english-v3.0",
                "inputType", "search_query"));

        List<float[]> documents = cohere.embed(List.of("Otters hold hands", "Honey never spoils"));
        assertEquals("search_document", stub.lastBody().path("input_type").asText());
        float[] question = cohere.embedQuery("Do otters hold hands?");

        assertArrayEquals(EmbeddingStub.vector("Honey never spoils"), documents.get(1), 1e-6f);
        assertArrayEquals(EmbeddingStub.vector("Do otters hold hands?"), question, 1e-6f);
        assertEquals("search_query", stub.lastBody().path("input_type").asText());
        assertEquals("[\"float\"]", stub.lastBody().path("embedding_types").toString());
        assertEquals(new EmbeddingStub.Request("/v1/embed", "embed-english-v3.0", List.of("Do otters hold hands?")),
                stub.requests().get(1));
        assertEquals(Optional.of("Bearer co-key"), stub.lastHeader("Authorization"));
    }

    @Test
    void cohere_sends_at_most_48_texts_a_request_and_keeps_their_order() {
        environment.put("COHERE_API_KEY", "co-key");
        List<String> texts = IntStream.range(0, 100).mapToObj(i -> "passage number " + i).toList();

        List<float[]> vectors = load("cohereEmbeddings", Map.of("basepath", stub.ollamaBaseUrl())).embed(texts);

        assertEquals(List.of(48, 48, 4), stub.requests().stream().map(request -> request.inputs().size()).toList());
        assertArrayEquals(EmbeddingStub.vector("passage number 99"), vectors.get(99), 1e-6f);
        assertEquals("embed-english-v2.0", stub.requests().get(0).model());
    }

    @Test
    void voyage_posts_to_the_endpoint_of_its_credential_in_batches_of_eight() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"),
                "{\"voyageAIApi\": {\"apiKey\": \"vo-key\", \"endpoint\": \"" + stub.openAiBaseUrl() + "/embeddings\"}}");
        runtime.close();
        runtime = new FlowRuntime(configDir, FlowFixture.settings(100, 3_600_000), environment::get); // reads the credentials
        List<String> texts = IntStream.range(0, 10).mapToObj(i -> "text " + i).toList();

        List<float[]> vectors = load("voyageAIEmbeddings", Map.of("modelName", "voyage-3")).embed(texts);

        assertEquals(List.of(8, 2), stub.requests().stream().map(request -> request.inputs().size()).toList());
        assertEquals("voyage-3", stub.requests().get(0).model());
        assertArrayEquals(EmbeddingStub.vector("text 9"), vectors.get(9), 1e-6f);
        assertEquals(Optional.of("Bearer vo-key"), stub.lastHeader("Authorization"));
    }

    @Test
    void jina_sends_its_dimensions_and_late_chunking_only_when_allowed() {
        environment.put("JINA_API_KEY", "jina-key");

        load("jinaEmbeddings", Map.of("basepath", stub.ollamaBaseUrl(), "modelDimensions", "256")).embed(List.of("a river"));
        assertEquals("{\"model\":\"jina-embeddings-v3\",\"input\":[\"a river\"],\"dimensions\":256}", stub.lastBody().toString());

        load("jinaEmbeddings", Map.of("basepath", stub.ollamaBaseUrl(), "allowLateChunking", "true")).embed(List.of("a lake"));
        assertEquals(true, stub.lastBody().path("late_chunking").asBoolean());
    }

    @Test
    void together_ai_uses_its_default_retrieval_model() {
        environment.put("TOGETHER_AI_API_KEY", "tg-key");

        float[] vector = load("togetherAIEmbedding", Map.of("basepath", stub.ollamaBaseUrl())).embedQuery("the tide");

        assertArrayEquals(EmbeddingStub.vector("the tide"), vector, 1e-6f);
        assertEquals(new EmbeddingStub.Request("/v1/embeddings", "togethercomputer/m2-bert-80M-8k-retrieval", List.of("the tide")),
                stub.requests().get(0));
    }

    @Test
    void hugging_face_posts_to_its_endpoint_with_newlines_made_spaces_and_needs_no_key_there() {
        String endpoint = stub.ollamaBaseUrl() + "/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction";

        List<float[]> vectors = load("huggingFaceInferenceEmbeddings", Map.of("endpoint", endpoint)).embed(List.of("two\nlines"));

        assertArrayEquals(EmbeddingStub.vector("two lines"), vectors.get(0), 1e-6f);
        assertEquals(new EmbeddingStub.Request("/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction",
                "BAAI/bge-small-en-v1.5", List.of("two lines")), stub.requests().get(0));
        assertEquals(Optional.empty(), stub.lastHeader("Authorization"));
    }

    @Test
    void a_missing_key_fails_the_embedding_naming_where_it_goes_and_sends_nothing() {
        Embedder cohere = load("cohereEmbeddings", Map.of("basepath", stub.ollamaBaseUrl()));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> cohere.embed(List.of("x")));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("cohereEmbeddings node embeddings_0 has no API key: set COHERE_API_KEY or the node's cohereApiKey input",
                failure.getMessage());
        assertEquals(List.of(), stub.requests());
    }

    @Test
    void a_provider_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        environment.put("JINA_API_KEY", "jina-key");
        int closed;
        try (ServerSocket unused = new ServerSocket(0)) {
            closed = unused.getLocalPort();
        }
        Embedder jina = load("jinaEmbeddings", Map.of("basepath", "http://127.0.0.1:" + closed));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> jina.embed(List.of("x")));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node embeddings_0 (jinaEmbeddings) could not reach Jina AI at 127.0.0.1 (ConnectException)",
                failure.getMessage());
    }

    @Test
    void an_answer_without_a_vector_per_text_is_the_provider_s_failure() {
        // the stub's Ollama route answers {"embeddings": [[...]]}: a shape Hugging Face never sends
        String endpoint = stub.ollamaBaseUrl() + "/api/embed";

        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load("huggingFaceInferenceEmbeddings", Map.of("endpoint", endpoint)).embed(List.of("x")));

        assertEquals("embeddings node embeddings_0 (huggingFaceInferenceEmbeddings) answered with 0 vectors for 1 texts",
                failure.getMessage());
    }

    private Embedder load(String type, Map<String, Object> inputs) {
        return RestEmbeddingsApis.load(ProviderFixture.node("embeddings_0", type, inputs), runtime);
    }
}
