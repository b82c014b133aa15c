package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Azure OpenAI, Mistral and Gemini embeddings through LangChain4j's clients, against the embedding stub. */
class HostedEmbeddingsTest {

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>();
    private EmbeddingStub stub;
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        stub = EmbeddingStub.start();
        runtime = runtime();
    }

    @AfterEach
    void stop() {
        runtime.close();
        stub.close();
    }

    @Test
    void azure_posts_to_the_deployment_after_the_basepath_with_its_key_and_api_version() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"azureOpenAIApi\": {\"azureOpenAIApiKey\": \"az-key\","
                + " \"azureOpenAIApiDeploymentName\": \"ada-prod\", \"azureOpenAIApiVersion\": \"2024-06-01\"}}");
        runtime.close();
        runtime = runtime();
        Embedder azure = load("azureOpenAIEmbeddings", Map.of("basepath", stub.ollamaBaseUrl() + "/openai/deployments",
                "batchSize", "2", "baseOptions", "{\"X-Tenant\": \"otters\"}"));

        List<float[]> vectors = azure.embed(List.of("one", "two", "three"));

        assertArrayEquals(EmbeddingStub.vector("three"), vectors.get(2), 1e-6f);
        assertEquals(List.of("/openai/deployments/ada-prod/embeddings", "/openai/deployments/ada-prod/embeddings"),
                stub.requests().stream().map(EmbeddingStub.Request::path).toList());
        assertEquals(List.of(2, 1), stub.requests().stream().map(request -> request.inputs().size()).toList());
        assertEquals(Optional.of("az-key"), stub.lastHeader("api-key"));
        assertEquals(Optional.of("otters"), stub.lastHeader("X-Tenant"));
        assertEquals(Optional.of("api-version=2024-06-01"), stub.lastQuery());
    }

    @Test
    void azure_for_llamaindex_sends_ten_texts_a_request_to_the_deployment_and_plays_llamaindex_s_role() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"azureOpenAIApi\": {\"azureOpenAIApiKey\": \"az-key\","
                + " \"azureOpenAIApiDeploymentName\": \"ada-li\", \"azureOpenAIApiVersion\": \"2024-06-01\"}}");
        runtime.close();
        runtime = runtime();
        Embedder azure = load("azureOpenAIEmbeddingsLlamaIndex", Map.of("basepath", stub.ollamaBaseUrl() + "/openai/deployments",
                "timeout", "5000"));
        List<String> texts = IntStream.range(0, 12).mapToObj(i -> "text " + i).toList();

        List<float[]> vectors = azure.embed(texts);

        assertArrayEquals(EmbeddingStub.vector("text 11"), vectors.get(11), 1e-6f);
        assertEquals(List.of(10, 2), stub.requests().stream().map(request -> request.inputs().size()).toList());
        assertEquals("/openai/deployments/ada-li/embeddings", stub.requests().get(0).path());
        assertEquals(Optional.of("az-key"), stub.lastHeader("api-key"));
        assertEquals(Optional.of("api-version=2024-06-01"), stub.lastQuery());
        assertEquals(Set.of(Role.LLAMAINDEX_EMBEDDINGS), EmbeddingsNodes.TYPES.stream()
                .filter(type -> type.name().equals("azureOpenAIEmbeddingsLlamaIndex")).findFirst().orElseThrow().roles());
    }

    @Test
    void azure_for_llamaindex_whose_service_is_not_there_is_the_provider_s_failure_naming_the_node() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"azureOpenAIApi\": {\"azureOpenAIApiKey\": \"az-key\","
                + " \"azureOpenAIApiDeploymentName\": \"ada-li\"}}");
        runtime.close();
        runtime = runtime();
        Embedder azure = load("azureOpenAIEmbeddingsLlamaIndex", Map.of("basepath", stub.ollamaBaseUrl() + "/nowhere"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> azure.embed(List.of("x")));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("embeddings node embeddings_0 (azureOpenAIEmbeddingsLlamaIndex) failed: ModelNotFoundException",
                failure.getMessage());
    }

    @Test
    void azure_without_a_deployment_fails_the_embedding_saying_where_it_goes() {
        environment.put("AZURE_OPENAI_API_KEY", "az-key");
        Embedder azure = load("azureOpenAIEmbeddings", Map.of("basepath", stub.ollamaBaseUrl() + "/openai/deployments"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> azure.embed(List.of("x")));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("azureOpenAIEmbeddings node embeddings_0 has no azureOpenAIApiDeploymentName: set the azureOpenAIApi "
                + "credential's azureOpenAIApiDeploymentName", failure.getMessage());
    }

    @Test
    void mistral_strips_newlines_by_default_and_batches_as_told() {
        environment.put("MISTRAL_API_KEY", "mi-key");
        Embedder mistral = load("mistralAIEmbeddings", Map.of("overrideEndpoint", stub.openAiBaseUrl(), "batchSize", "3"));
        List<String> texts = IntStream.range(0, 4).mapToObj(i -> "line\nbreak " + i).toList();

        List<float[]> vectors = mistral.embed(texts);

        assertEquals(new EmbeddingStub.Request("/v1/embeddings", "mistral-embed", List.of("line break 0", "line break 1",
                "line break 2")), stub.requests().get(0));
        assertEquals(2, stub.requests().size());
        assertArrayEquals(EmbeddingStub.vector("line break 3"), vectors.get(3), 1e-6f);
        assertEquals(Optional.of("Bearer mi-key"), stub.lastHeader("Authorization"));
    }

    @Test
    void gemini_sends_its_task_type_and_model() {
        environment.put("GOOGLE_API_KEY", "g-key");
        Embedder gemini = load("googleGenerativeAiEmbeddings", Map.of("basepath", stub.ollamaBaseUrl() + "/v1beta",
                "tasktype", "RETRIEVAL_DOCUMENT"));

        List<float[]> vectors = gemini.embed(List.of("Otters hold hands", "Honey never spoils"));

        assertArrayEquals(EmbeddingStub.vector("Honey never spoils"), vectors.get(1), 1e-6f);
        assertEquals("/v1beta/models/gemini-embedding-001:batchEmbedContents", stub.requests().get(0).path());
        assertEquals("RETRIEVAL_DOCUMENT", stub.lastBody().path("requests").path(0).path("taskType").asText());
    }

    @Test
    void an_unknown_task_type_or_batch_size_fails_the_load_naming_the_input() {
        FlowLoadException task = assertThrows(FlowLoadException.class,
                () -> load("googleGenerativeAiEmbeddings", Map.of("tasktype", "GUESSING")));
        FlowLoadException batch = assertThrows(FlowLoadException.class, () -> load("mistralAIEmbeddings", Map.of("batchSize", "0")));

        assertEquals("node embeddings_0 (googleGenerativeAiEmbeddings) input tasktype must be one of [CLASSIFICATION, CLUSTERING, "
                + "RETRIEVAL_DOCUMENT, RETRIEVAL_QUERY, SEMANTIC_SIMILARITY], not GUESSING", task.getMessage());
        assertEquals("node embeddings_0 (mistralAIEmbeddings) input batchSize must be at least 1, not 0", batch.getMessage());
    }

    @Test
    void an_endpoint_that_answers_404_is_the_provider_s_failure_naming_the_node() {
        environment.put("MISTRAL_API_KEY", "mi-key");
        Embedder mistral = load("mistralAIEmbeddings", Map.of("overrideEndpoint", stub.ollamaBaseUrl() + "/nowhere"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> mistral.embed(List.of("x")));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("embeddings node embeddings_0 (mistralAIEmbeddings) failed: ModelNotFoundException", failure.getMessage());
    }

    private FlowRuntime runtime() {
        return new FlowRuntime(configDir, FlowFixture.settings(100, 3_600_000), environment::get);
    }

    private Embedder load(String type, Map<String, Object> inputs) {
        return HostedEmbeddingsNode.load(ProviderFixture.node("embeddings_0", type, inputs), runtime);
    }
}
