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
import dev.flowstream.testing.WeaviateStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weaviate node against a stub of Weaviate's documented REST and GraphQL API: class, batch, nearVector, where, key, dimensions. */
class WeaviateNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple", "loc", Map.of("lines", Map.of("from", 1)))),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "loc", Map.of("lines", Map.of("from", 2)))));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final WeaviateStub weaviate = WeaviateStub.start(Optional.of("wv-key"));
    private final Map<String, String> environment = new HashMap<>(Map.of("WEAVIATE_API_KEY", "wv-key"));
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        weaviate.close();
    }

    @Test
    void an_upsert_creates_the_class_then_batches_objects_with_the_text_and_flattened_metadata() {
        UpsertResult result = load(Map.of("weaviateTextKey", "content")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("GET /v1/schema/Facts", "POST /v1/schema", "POST /v1/batch/objects"), weaviate.paths());
        JsonNode definition = weaviate.find("Facts").orElseThrow().definition();
        assertEquals("none", definition.path("vectorizer").asText());
        assertEquals("content", definition.path("properties").path(0).path("name").asText());
        JsonNode tesla = weaviate.find("Facts").orElseThrow().objects().get(1);
        assertEquals("Tesla makes cars.", tesla.path("properties").path("content").asText());
        assertEquals("tesla", tesla.path("properties").path("source").asText());
        assertEquals(2, tesla.path("properties").path("loc_lines_from").asInt());
        assertEquals(EmbeddingStub.DIMENSIONS, tesla.path("vector").size());
        assertEquals("Bearer wv-key", weaviate.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void a_question_is_a_near_vector_query_returning_the_text_and_every_property() throws Exception {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple", "loc_lines_from", 1))), found);
        String query = weaviate.lastBody().path("query").asText();
        assertTrue(query.startsWith("{ Get { Facts(nearVector: {vector: ["), query);
        String fields = query.substring(query.indexOf("]}, limit: 1) { ") + "]}, limit: 1) { ".length());
        assertTrue(List.of("text source loc_lines_from _additional { distance } } } }",
                "text loc_lines_from source _additional { distance } } } }").contains(fields), fields);
    }

    @Test
    void mmr_asks_for_fetch_k_objects_with_their_vectors_and_keeps_top_k_by_marginal_relevance() throws Exception {
        load(Map.of()).upsert(Map.of());
        String question = "Which company makes phones?";
        List<SourceDocument> closest = load(Map.of("topK", "2")).retrieve(question);

        List<SourceDocument> found = load(Map.of("searchType", "mmr", "fetchK", "2", "topK", "1", "lambda", "0.3")).retrieve(question);

        String query = weaviate.lastBody().path("query").asText();
        assertTrue(query.contains(", limit: 2)") && query.endsWith("_additional { distance vector } } } }"), query);
        List<Integer> chosen = MaximalMarginalRelevance.select(EmbeddingStub.vector(question),
                closest.stream().map(document -> EmbeddingStub.vector(document.pageContent())).toList(), 1, 0.3);
        assertEquals(chosen.stream().map(closest::get).toList(), found);
        assertEquals(1, found.size());
    }

    @Test
    void a_question_keeps_to_the_where_filter_and_returns_only_the_metadata_keys_given() throws Exception {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("weaviateMetadataKeys", "[\"source\"]", "weaviateFilter",
                "{\"where\": {\"operator\": \"Equal\", \"path\": [\"source\"], \"valueText\": \"tesla\"}}")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla"))), found);
        String query = weaviate.lastBody().path("query").asText();
        assertTrue(query.contains(", where: {operator: Equal, path: [\"source\"], valueText: \"tesla\"}) { text source _additional"), query);
    }

    @Test
    void alpha_makes_the_question_a_hybrid_search_with_the_query_text() throws Exception {
        load(Map.of()).upsert(Map.of());

        load(Map.of("alpha", "0.75")).retrieve("phones");

        String query = weaviate.lastBody().path("query").asText();
        assertTrue(query.contains("(hybrid: {query: \"phones\", vector: ["), query);
        assertTrue(query.contains("], alpha: 0.75}, limit: 4)"), query);
    }

    @Test
    void a_question_before_any_upsert_finds_nothing_and_creates_nothing() {
        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
        assertEquals(List.of("GET /v1/schema/Facts"), weaviate.paths());
    }

    @Test
    void a_class_of_other_dimensions_fails_the_upsert_and_the_question_naming_both_lengths() {
        load(Map.of()).upsert(Map.of());
        Embedder wide = texts -> texts.stream().map(text -> new float[1536]).toList();

        ChatflowException upsert = assertThrows(ChatflowException.class, () -> load(Map.of(), wide).upsert(Map.of()));
        ChatflowException question = assertThrows(ChatflowException.class, () -> load(Map.of(), wide).retrieve("phones"));

        assertEquals(ChatflowException.Kind.CONFIGURATION, upsert.kind());
        assertEquals("node weaviate_0 (weaviate): Weaviate class Facts holds vectors of 512 dimensions, but the flow's embeddings "
                + "node gives 1536", upsert.getMessage());
        assertEquals(upsert.getMessage(), question.getMessage());
        assertEquals(2, weaviate.find("Facts").orElseThrow().objects().size());
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        environment.put("WEAVIATE_API_KEY", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node weaviate_0 (weaviate): Weaviate answered HTTP 401 to GET /v1/schema/Facts", failure.getMessage());
    }

    @Test
    void a_weaviate_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "127.0.0.1:" + unused.getLocalPort();
        }
        String host = down;

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("weaviateHost", host)).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node weaviate_0 (weaviate) could not reach Weaviate at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void a_blank_host_or_class_loads_and_fails_the_upsert_naming_the_input() {
        assertEquals("node weaviate_0 (weaviate) needs Weaviate's host in its weaviateHost input",
                assertThrows(ChatflowException.class, () -> load(Map.of("weaviateHost", "")).upsert(Map.of())).getMessage());
        assertEquals("node weaviate_0 (weaviate) needs the name of a class in its weaviateIndex input",
                assertThrows(ChatflowException.class, () -> load(Map.of("weaviateIndex", "")).retrieve("phones")).getMessage());
        assertEquals(List.of(), weaviate.paths());
    }

    @Test
    void the_connection_type_or_flowise_1_s_scheme_decides_between_http_and_https() {
        assertEquals("https://weaviate.example/", settings(Map.of("weaviateConnectionType", "cloud")).server().orElseThrow().toString());
        assertEquals("http://weaviate.example/", settings(Map.of("weaviateConnectionType", "custom", "weaviateHttpSecure", false))
                .server().orElseThrow().toString());
        assertEquals("http://weaviate.example/", settings(Map.of("weaviateScheme", "http")).server().orElseThrow().toString());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("weaviateConnectionType", "grpc"), "input weaviateConnectionType must be cloud, local or custom, not grpc",
                Map.of("weaviateIndex", "my-class"), "input weaviateIndex must be a class name of letters, digits and _, not my-class",
                Map.of("weaviateMetadataKeys", "{\"a\": 1}"), "input weaviateMetadataKeys must be a JSON list of property names",
                Map.of("weaviateFilter", "[1]"), "input weaviateFilter must be a JSON object",
                Map.of("alpha", "1.5"), "input alpha must be between 0 and 1",
                Map.of("recordManager", "{{postgresRecordManager_0.data.instance}}"), "uses recordManager, which Flowstream does not support yet");
        problems.forEach((inputs, problem) -> assertEquals("node weaviate_0 (weaviate) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private WeaviateSettings settings(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(inputs);
        all.put("weaviateHost", "weaviate.example");
        return WeaviateSettings.of(ProviderFixture.node("weaviate_0", WeaviateNode.NAME, all));
    }

    private WeaviateNode load(Map<String, Object> inputs) {
        return load(inputs, EMBEDDINGS);
    }

    private WeaviateNode load(Map<String, Object> inputs, Embedder embeddings) {
        Map<String, Object> all = new HashMap<>(Map.of("weaviateConnectionType", "local", "weaviateHost", weaviate.host(),
                "weaviateIndex", "facts"));
        all.putAll(inputs);
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return WeaviateNode.load(ProviderFixture.node("weaviate_0", WeaviateNode.NAME, all), new FixedWiring(runtime, overrides -> DOCUMENTS, embeddings));
    }
}
