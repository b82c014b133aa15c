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

/** The elasticsearch node against a stub of Elasticsearch's documented REST API: index mapping, bulk, kNN, auth, dimensions. */
class ElasticsearchNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final SearchEngineStub elastic = SearchEngineStub.elasticsearch(Optional.of("ApiKey es-key")).index("wide", 1536);
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        elastic.close();
    }

    @Test
    void an_upsert_creates_the_index_with_a_dense_vector_mapping_then_bulk_adds_the_documents() throws Exception {
        credentials("{\"elasticsearchApi\": {\"endpoint\": \"" + elastic.url() + "\", \"apiKey\": \"es-key\"}}");

        UpsertResult result = load(Map.of("similarity", "cosine")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("GET /facts", "PUT /facts", "POST /_bulk?refresh=true"), elastic.paths());
        JsonNode mappings = elastic.find("facts").orElseThrow().definition().path("mappings");
        JsonNode embedding = mappings.path("properties").path("embedding");
        assertEquals("dense_vector", embedding.path("type").asText());
        assertEquals(EmbeddingStub.DIMENSIONS, embedding.path("dims").asInt());
        assertEquals("cosine", embedding.path("similarity").asText());
        assertEquals("hnsw", embedding.path("index_options").path("type").asText());
        assertEquals("text", mappings.path("properties").path("text").path("type").asText());
        assertEquals("keyword", mappings.path("dynamic_templates").path(0).path("metadata_except_loc").path("mapping").path("type").asText());
        JsonNode tesla = elastic.find("facts").orElseThrow().documents().get(1);
        assertEquals("Tesla makes cars.", tesla.path("text").asText());
        assertEquals("tesla", tesla.path("metadata").path("source").asText());
    }

    @Test
    void a_question_is_a_knn_search_for_the_top_k_closest() throws Exception {
        environment.putAll(Map.of("ELASTICSEARCH_URL", elastic.url(), "ELASTICSEARCH_API_KEY", "es-key"));
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple"))), found);
        JsonNode search = elastic.lastBody();
        assertEquals("POST /facts/_search", elastic.paths().get(elastic.paths().size() - 1));
        assertEquals(1, search.path("size").asInt());
        assertEquals("embedding", search.path("knn").path("field").asText());
        assertEquals(1, search.path("knn").path("k").asInt());
        assertEquals(200, search.path("knn").path("num_candidates").asInt());
        assertEquals(EmbeddingStub.DIMENSIONS, search.path("knn").path("query_vector").size());
        assertEquals("l2_norm", elastic.find("facts").orElseThrow().definition().path("mappings").path("properties")
                .path("embedding").path("similarity").asText());
    }

    @Test
    void a_question_before_any_upsert_finds_nothing_and_creates_nothing() {
        environment.putAll(Map.of("ELASTICSEARCH_URL", elastic.url(), "ELASTICSEARCH_API_KEY", "es-key"));

        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
        assertEquals(List.of("GET /facts"), elastic.paths());
    }

    @Test
    void the_user_and_password_credential_signs_in_with_basic_auth_at_its_cloud_id_url() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("elastic:secret".getBytes(StandardCharsets.UTF_8));
        try (SearchEngineStub secured = SearchEngineStub.elasticsearch(Optional.of(basic))) {
            credentials("{\"elasticSearchUserPassword\": {\"cloudId\": \"" + secured.url() + "\", \"username\": \"elastic\", "
                    + "\"password\": \"secret\"}}");

            assertEquals(2, load(Map.of()).upsert(Map.of()).numAdded());
            assertEquals(2, secured.find("facts").orElseThrow().documents().size());
        }
    }

    @Test
    void an_elastic_cloud_id_is_read_as_the_deployment_s_elasticsearch_address() {
        String id = "my-deployment:" + Base64.getEncoder().encodeToString("eu-west-1.aws.found.io$es4b1d$kb9f2e".getBytes(StandardCharsets.UTF_8));
        environment.putAll(Map.of("ELASTICSEARCH_CLOUD_ID", id, "ELASTICSEARCH_USERNAME", "elastic", "ELASTICSEARCH_PASSWORD", "secret"));
        load(Map.of());

        ElasticsearchConnection connection = ElasticsearchConnection.of(
                ProviderFixture.node("elasticsearch_0", ElasticsearchNode.NAME, Map.of("indexName", "facts")), runtime);

        assertEquals("https://es4b1d.eu-west-1.aws.found.io:443/", connection.server().toString());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("elastic:secret".getBytes(StandardCharsets.UTF_8)),
                connection.headers().get("Authorization"));
    }

    @Test
    void an_index_of_other_dimensions_fails_naming_both_and_receives_no_document() {
        environment.putAll(Map.of("ELASTICSEARCH_URL", elastic.url(), "ELASTICSEARCH_API_KEY", "es-key"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "wide")).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node elasticsearch_0 (elasticsearch): Elasticsearch index wide holds vectors of 1536 dimensions, but the "
                + "flow's embeddings node gives 512", failure.getMessage());
        assertEquals(List.of(), elastic.find("wide").orElseThrow().documents());
        assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "wide")).retrieve("phones"));
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        environment.putAll(Map.of("ELASTICSEARCH_URL", elastic.url(), "ELASTICSEARCH_API_KEY", "wrong"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node elasticsearch_0 (elasticsearch): Elasticsearch answered HTTP 401 to GET /facts", failure.getMessage());
    }

    @Test
    void an_elasticsearch_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        try (ServerSocket unused = new ServerSocket(0)) {
            environment.put("ELASTICSEARCH_URL", "http://127.0.0.1:" + unused.getLocalPort());
        }

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node elasticsearch_0 (elasticsearch) could not reach Elasticsearch at 127.0.0.1 (ConnectException)",
                failure.getMessage());
    }

    @Test
    void a_blank_index_or_no_address_fails_the_upsert_and_the_question_saying_what_to_set() {
        environment.putAll(Map.of("ELASTICSEARCH_URL", elastic.url(), "ELASTICSEARCH_API_KEY", "es-key"));
        assertEquals("node elasticsearch_0 (elasticsearch) needs the name of an index in its indexName input",
                assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "")).upsert(Map.of())).getMessage());
        environment.clear();
        assertEquals("node elasticsearch_0 (elasticsearch) needs Elasticsearch's address: set endpoint (and apiKey) in the "
                + "elasticsearchApi credential, cloudId (and username and password) in the elasticSearchUserPassword credential, "
                + "or ELASTICSEARCH_URL", assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        assertEquals(List.of(), elastic.paths());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("similarity", "hamming"), "input similarity must be l2_norm, dot_product or cosine, not hamming",
                Map.of("topK", "x"), "input topK must be a number",
                Map.of("recordManager", "{{postgresRecordManager_0.data.instance}}"), "uses recordManager, which Flowstream does not support yet");
        problems.forEach((inputs, problem) -> assertEquals("node elasticsearch_0 (elasticsearch) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private void credentials(String json) throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), json);
        if (runtime != null) runtime.close();
        runtime = null;
    }

    private ElasticsearchNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("indexName", "facts"));
        all.putAll(inputs);
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return ElasticsearchNode.load(ProviderFixture.node("elasticsearch_0", ElasticsearchNode.NAME, all),
                new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
    }
}
