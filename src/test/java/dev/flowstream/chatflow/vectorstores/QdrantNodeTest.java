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
import dev.flowstream.testing.QdrantStub;
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

/** The qdrant node against a stub of Qdrant's documented REST API: collection creation, upsert, search, filter, key, dimensions. */
class QdrantNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();
    private static final Map<String, Object> SMALL = Map.of("qdrantVectorDimension", "512");

    @TempDir
    Path configDir;
    private final QdrantStub qdrant = QdrantStub.start(Optional.of("qd-key")).collection("wide", 1536);
    private final Map<String, String> environment = new HashMap<>(Map.of("QDRANT_API_KEY", "qd-key"));
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        qdrant.close();
    }

    @Test
    void an_upsert_creates_the_missing_collection_then_adds_points_with_the_text_and_metadata_in_their_payload() throws Exception {
        UpsertResult result = load(SMALL).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("GET /collections/facts", "PUT /collections/facts", "PUT /collections/facts/points?wait=true"),
                qdrant.paths());
        JsonNode created = qdrant.find("facts").orElseThrow().config();
        assertEquals(512, created.path("vectors").path("size").asInt());
        assertEquals("Cosine", created.path("vectors").path("distance").asText());
        JsonNode point = qdrant.find("facts").orElseThrow().points().get(1);
        assertEquals("Tesla makes cars.", point.path("payload").path("content").asText());
        assertEquals("tesla", point.path("payload").path("metadata").path("source").asText());
        assertEquals("qd-key", qdrant.lastHeader("api-key").orElseThrow());
    }

    @Test
    void a_new_collection_takes_the_similarity_and_the_collection_configuration() {
        load(Map.of("qdrantVectorDimension", 512, "qdrantSimilarity", "Dot",
                "qdrantCollectionConfiguration", "{\"on_disk_payload\": true, \"vectors\": {\"on_disk\": true}}")).upsert(Map.of());

        JsonNode created = qdrant.find("facts").orElseThrow().config();
        assertEquals("Dot", created.path("vectors").path("distance").asText());
        assertTrue(created.path("vectors").path("on_disk").asBoolean());
        assertTrue(created.path("on_disk_payload").asBoolean());
    }

    @Test
    void a_question_finds_the_closest_points_matching_the_filter_under_the_payload_keys_given() throws Exception {
        Map<String, Object> keys = Map.of("qdrantVectorDimension", "512", "contentPayloadKey", "text", "metadataPayloadKey", "meta");
        load(keys).upsert(Map.of());
        Map<String, Object> filtered = new HashMap<>(keys);
        filtered.putAll(Map.of("topK", "1", "qdrantFilter",
                "{\"must\": [{\"key\": \"meta.source\", \"match\": {\"value\": \"tesla\"}}]}"));

        List<SourceDocument> found = load(filtered).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla"))), found);
        JsonNode search = qdrant.lastBody();
        assertEquals(1, search.path("limit").asInt());
        assertEquals("[\"meta\",\"text\"]", search.path("with_payload").toString());
        assertEquals("tesla", search.path("filter").path("must").path(0).path("match").path("value").asText());
        assertEquals("Apple makes phones.", load(keys).retrieve("Which company makes phones?").get(0).pageContent());
    }

    @Test
    void a_question_before_any_upsert_finds_nothing_and_creates_nothing() {
        assertEquals(List.of(), load(SMALL).retrieve("phones"));
        assertEquals(List.of("GET /collections/facts"), qdrant.paths());
    }

    @Test
    void a_collection_of_other_dimensions_fails_naming_both_and_receives_no_point() {
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("qdrantCollection", "wide")).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node qdrant_0 (qdrant): Qdrant collection wide holds vectors of 1536 dimensions, but the flow's "
                + "embeddings node gives 512", failure.getMessage());
        assertEquals(List.of(), qdrant.find("wide").orElseThrow().points());
        assertThrows(ChatflowException.class, () -> load(Map.of("qdrantCollection", "wide")).retrieve("phones"));
    }

    @Test
    void a_new_collection_whose_dimension_input_is_not_the_embeddings_is_not_created() {
        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals("node qdrant_0 (qdrant): input qdrantVectorDimension is 1536 for the new Qdrant collection facts, but the "
                + "flow's embeddings node gives 512", failure.getMessage());
        assertEquals(List.of("GET /collections/facts"), qdrant.paths());
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        environment.put("QDRANT_API_KEY", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(SMALL).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node qdrant_0 (qdrant): Qdrant answered HTTP 401 to GET /collections/facts", failure.getMessage());
    }

    @Test
    void a_qdrant_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + unused.getLocalPort();
        }
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("qdrantServerUrl", down, "qdrantVectorDimension", 512)).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node qdrant_0 (qdrant) could not reach Qdrant at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void a_blank_server_loads_and_fails_the_question_naming_the_input() {
        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("qdrantServerUrl", "")).retrieve("phones"));

        assertEquals("node qdrant_0 (qdrant) needs the Qdrant server's URL in its qdrantServerUrl input", failure.getMessage());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("qdrantSimilarity", "Manhattan"), "input qdrantSimilarity must be Cosine, Euclid or Dot, not Manhattan",
                Map.of("qdrantFilter", "[1]"), "input qdrantFilter must be a JSON object",
                Map.of("qdrantVectorDimension", "0"), "input qdrantVectorDimension must be between 1 and 65536",
                Map.of("fileUpload", true), "uses fileUpload, which Flowstream does not support yet",
                Map.of("qdrantServerUrl", "localhost"), "input qdrantServerUrl must be a URL like http://localhost:6333, not localhost");
        problems.forEach((inputs, problem) -> assertEquals("node qdrant_0 (qdrant) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private QdrantNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("qdrantServerUrl", qdrant.url(), "qdrantCollection", "facts"));
        all.putAll(inputs);
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return QdrantNode.load(ProviderFixture.node("qdrant_0", QdrantNode.NAME, all), new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
    }
}
