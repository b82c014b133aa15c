package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.SearchEngineStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The openSearch node against a stub of OpenSearch's documented REST API and k-NN plugin: index, bulk, knn query, auth, dimensions. */
class OpenSearchNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path configDir;
    private final SearchEngineStub openSearch = SearchEngineStub.openSearch(Optional.of(BASIC)).index("wide", 1536);
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        openSearch.close();
    }

    @Test
    void an_upsert_creates_a_knn_index_then_bulk_adds_the_documents_signed_in_as_the_credential_s_user() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"openSearchUrl\": {\"openSearchUrl\": \"" + openSearch.url()
                + "\", \"user\": \"admin\", \"password\": \"secret\"}}");

        UpsertResult result = load(Map.of("engine", "faiss", "spaceType", "innerproduct")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("GET /facts", "PUT /facts", "POST /_bulk?refresh=true"), openSearch.paths());
        JsonNode definition = openSearch.find("facts").orElseThrow().definition();
        assertEquals(true, definition.path("settings").path("index").path("knn").asBoolean());
        JsonNode embedding = definition.path("mappings").path("properties").path("embedding");
        assertEquals("knn_vector", embedding.path("type").asText());
        assertEquals(EmbeddingStub.DIMENSIONS, embedding.path("dimension").asInt());
        assertEquals("faiss", embedding.path("method").path("engine").asText());
        assertEquals("innerproduct", embedding.path("method").path("space_type").asText());
        JsonNode tesla = openSearch.find("facts").orElseThrow().documents().get(1);
        assertEquals("Tesla makes cars.", tesla.path("text").asText());
        assertEquals("tesla", tesla.path("metadata").path("source").asText());
        assertEquals(BASIC, openSearch.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void a_question_is_a_knn_query_for_the_top_k_closest() throws Exception {
        environment();
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple"))), found);
        JsonNode search = openSearch.lastBody();
        assertEquals(1, search.path("size").asInt());
        JsonNode knn = search.path("query").path("bool").path("must").path(0).path("knn").path("embedding");
        assertEquals(1, knn.path("k").asInt());
        assertEquals(EmbeddingStub.DIMENSIONS, knn.path("vector").size());
        JsonNode method = openSearch.find("facts").orElseThrow().definition().path("mappings").path("properties").path("embedding").path("method");
        assertEquals("lucene", method.path("engine").asText());
        assertEquals("l2", method.path("space_type").asText());
    }

    @Test
    void a_question_before_any_upsert_finds_nothing_and_creates_nothing() {
        environment();

        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
        assertEquals(List.of("GET /facts"), openSearch.paths());
    }

    @Test
    void an_index_of_other_dimensions_fails_naming_both_and_receives_no_document() {
        environment();

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "wide")).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node openSearch_0 (openSearch): OpenSearch index wide holds vectors of 1536 dimensions, but the flow's "
                + "embeddings node gives 512", failure.getMessage());
        assertEquals(List.of(), openSearch.find("wide").orElseThrow().documents());
    }

    @Test
    void a_wrong_password_is_the_provider_s_failure_naming_the_node() {
        environment();
        environment.put("OPENSEARCH_PASSWORD", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node openSearch_0 (openSearch): OpenSearch answered HTTP 401 to GET /facts", failure.getMessage());
    }

    @Test
    void an_opensearch_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        try (ServerSocket unused = new ServerSocket(0)) {
            environment.put("OPENSEARCH_URL", "http://127.0.0.1:" + unused.getLocalPort());
        }

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node openSearch_0 (openSearch) could not reach OpenSearch at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void a_blank_index_or_no_url_fails_the_upsert_and_the_question_saying_what_to_set() {
        assertEquals("node openSearch_0 (openSearch) needs OpenSearch's URL: set openSearchUrl in the openSearchUrl credential or "
                + "OPENSEARCH_URL", assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        environment();
        assertEquals("node openSearch_0 (openSearch) needs the name of an index in its indexName input",
                assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "")).upsert(Map.of())).getMessage());
        assertEquals(List.of(), openSearch.paths());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("engine", "annoy"), "input engine must be lucene, faiss or nmslib, not annoy",
                Map.of("spaceType", "hamming"), "input spaceType must be l2, cosinesimil or innerproduct, not hamming",
                Map.of("topK", "1000"), "input topK must be between 1 and 100");
        problems.forEach((inputs, problem) -> assertEquals("node openSearch_0 (openSearch) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private void environment() {
        environment.putAll(Map.of("OPENSEARCH_URL", openSearch.url(), "OPENSEARCH_USER", "admin", "OPENSEARCH_PASSWORD", "secret"));
    }

    private OpenSearchNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("indexName", "facts"));
        all.putAll(inputs);
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return OpenSearchNode.load(ProviderFixture.node("openSearch_0", OpenSearchNode.NAME, all),
                new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
    }
}
