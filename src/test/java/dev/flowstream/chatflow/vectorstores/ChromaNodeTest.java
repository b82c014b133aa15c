package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.ChromaStub;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chroma node against a stub of Chroma's documented HTTP API: v2 and v1 paths, upsert, query, filter, key, a store that is down, dimensions. */
class ChromaNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();
    private static final String V2_COLLECTIONS = "/api/v2/tenants/default_tenant/databases/default_database/collections";

    @TempDir
    Path configDir;
    private ChromaStub chroma = ChromaStub.start(Optional.empty());
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        chroma.close();
    }

    @Test
    void an_upsert_creates_the_collection_and_sends_each_document_s_vector_text_and_metadata_through_the_v2_api() throws Exception {
        UpsertResult result = load(Map.of("collectionName", "facts")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        String id = chroma.collection("facts").orElseThrow().id();
        assertEquals(List.of("GET /api/v2/heartbeat", "POST " + V2_COLLECTIONS, "POST " + V2_COLLECTIONS + "/" + id + "/upsert"),
                chroma.paths());
        var upsert = chroma.lastBody();
        assertEquals("Apple makes phones.", upsert.path("documents").path(0).asText());
        assertEquals("tesla", upsert.path("metadatas").path(1).path("source").asText());
        assertEquals(EmbeddingStub.DIMENSIONS, upsert.path("embeddings").path(0).size());
        assertEquals(2, upsert.path("ids").size());
    }

    @Test
    void a_question_finds_the_closest_documents_within_the_metadata_filter() throws Exception {
        load(Map.of("collectionName", "facts")).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("collectionName", "facts", "chromaMetadataFilter", "{\"source\": \"tesla\"}",
                "topK", "1")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla"))), found);
        assertEquals("tesla", chroma.lastBody().path("where").path("source").asText());
        assertEquals(1, chroma.lastBody().path("n_results").asInt());
        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple"))),
                load(Map.of("collectionName", "facts", "topK", "1")).retrieve("Which company makes phones?"));
    }

    @Test
    void an_older_chroma_is_spoken_to_through_the_v1_api() throws Exception {
        chroma.close();
        chroma = ChromaStub.startV1(Optional.empty());

        load(Map.of("collectionName", "facts")).upsert(Map.of());
        List<SourceDocument> found = load(Map.of("collectionName", "facts", "topK", "1")).retrieve("Which company makes cars?");

        assertEquals("Tesla makes cars.", found.get(0).pageContent());
        String id = chroma.collection("facts").orElseThrow().id();
        assertEquals(List.of("GET /api/v2/heartbeat", "POST /api/v1/collections?tenant=default_tenant&database=default_database",
                "POST /api/v1/collections/" + id + "/upsert"), chroma.paths().subList(0, 3));
    }

    @Test
    void the_credential_gives_the_token_the_tenant_and_the_database() throws Exception {
        chroma.close();
        chroma = ChromaStub.start(Optional.of("chroma-token"));
        Files.writeString(configDir.resolve("credentials.json"),
                "{\"chromaApi\": {\"chromaApiKey\": \"chroma-token\", \"chromaTenant\": \"acme\", \"chromaDatabase\": \"docs\"}}");

        load(Map.of("collectionName", "facts")).upsert(Map.of());

        assertTrue(chroma.paths().contains("POST /api/v2/tenants/acme/databases/docs/collections"), chroma.paths().toString());
        assertEquals("chroma-token", chroma.lastHeader("x-chroma-token").orElseThrow());
        assertEquals("Bearer chroma-token", chroma.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        chroma.close();
        chroma = ChromaStub.start(Optional.of("chroma-token"));
        environment.put("CHROMA_API_KEY", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("collectionName", "facts")).retrieve("cars"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node chroma_0 (chroma): Chroma answered HTTP 401 to POST " + V2_COLLECTIONS, failure.getMessage());
    }

    @Test
    void a_chroma_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + unused.getLocalPort();
        }
        ChromaNode store = load(Map.of("collectionName", "facts", "chromaURL", down));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> store.upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node chroma_0 (chroma) could not reach Chroma at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void embeddings_of_another_length_than_the_collection_s_fail_naming_both_before_anything_is_sent() throws Exception {
        load(Map.of("collectionName", "facts")).upsert(Map.of());
        int sent = chroma.paths().size();
        Embedder short_ = texts -> texts.stream().map(text -> new float[]{1, 0, 0}).toList();
        ChromaNode store = ChromaNode.load(ProviderFixture.node("chroma_0", ChromaNode.NAME,
                Map.of("collectionName", "facts", "chromaURL", chroma.url())), new FixedWiring(runtime(), overrides -> DOCUMENTS, short_));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> store.retrieve("cars"));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node chroma_0 (chroma): Chroma collection facts holds vectors of 512 dimensions, but the flow's "
                + "embeddings node gives 3", failure.getMessage());
        assertTrue(chroma.paths().subList(sent, chroma.paths().size()).stream().noneMatch(path -> path.endsWith("/query")));
    }

    @Test
    void a_blank_collection_name_loads_and_fails_the_question_naming_the_input() {
        ChromaNode store = load(Map.of("collectionName", ""));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> store.retrieve("cars"));

        assertEquals("node chroma_0 (chroma) needs the name of a Chroma collection in its collectionName input", failure.getMessage());
        assertEquals(List.of(), chroma.paths());
    }

    @Test
    void a_filter_that_is_not_an_object_or_a_url_that_is_not_one_fails_the_load_naming_the_input() {
        assertEquals("node chroma_0 (chroma) input chromaMetadataFilter must be a JSON object", assertThrows(RuntimeException.class,
                () -> load(Map.of("collectionName", "facts", "chromaMetadataFilter", "[1]"))).getMessage());
        assertEquals("node chroma_0 (chroma) input chromaURL must be a URL like http://localhost:8000, not localhost",
                assertThrows(RuntimeException.class, () -> load(Map.of("collectionName", "facts", "chromaURL", "localhost"))).getMessage());
    }

    private ChromaNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("chromaURL", chroma.url()));
        all.putAll(inputs);
        ExportNode node = ProviderFixture.node("chroma_0", ChromaNode.NAME, all);
        DocumentLoader loader = overrides -> DOCUMENTS;
        return ChromaNode.load(node, new FixedWiring(runtime(), loader, EMBEDDINGS));
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return runtime;
    }
}
