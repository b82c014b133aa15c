package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.RedisSearchStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The redis node against a stub of Redis's search commands: index creation, hashes as LangChain writes them, KNN search, credentials, dimensions. */
class RedisNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple-inc")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final RedisSearchStub redis = RedisSearchStub.start(Optional.of("s3cret"));
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        redis.close();
    }

    @Test
    void an_upsert_creates_the_index_for_the_embeddings_length_and_writes_each_document_as_langchain_lays_it_out() {
        useUrl("redis://:s3cret@127.0.0.1:" + redis.port());

        UpsertResult result = load(Map.of()).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("FT.CREATE", "facts", "ON", "HASH", "PREFIX", "1", "doc:facts:", "SCHEMA", "content_vector", "VECTOR",
                "HNSW", "6", "TYPE", "FLOAT32", "DIM", "512", "DISTANCE_METRIC", "COSINE", "content", "TEXT", "metadata", "TEXT"),
                redis.commands("FT.CREATE").get(0));
        Map<String, byte[]> first = redis.hashes().get("doc:facts:0");
        assertEquals("Apple makes phones.", text(first.get("content")));
        assertEquals("{\"source\":\"apple\\-inc\"}", text(first.get("metadata")), "LangChain escapes '-' for the query syntax");
        assertEquals(512 * Float.BYTES, first.get("content_vector").length);
        assertEquals("Tesla makes cars.", text(redis.hashes().get("doc:facts:1").get("content")));
    }

    @Test
    void a_second_upsert_adds_after_the_documents_the_index_holds_and_replace_index_starts_it_afresh() {
        useUrl("redis://:s3cret@127.0.0.1:" + redis.port());
        load(Map.of()).upsert(Map.of());
        load(Map.of()).upsert(Map.of());
        assertEquals(new TreeSet<>(List.of("doc:facts:0", "doc:facts:1", "doc:facts:2", "doc:facts:3")), new TreeSet<>(redis.hashes().keySet()));

        load(Map.of("replaceIndex", true)).upsert(Map.of());

        assertEquals(List.of("FT.DROPINDEX", "facts", "DD"), redis.commands("FT.DROPINDEX").get(0));
        assertEquals(new TreeSet<>(List.of("doc:facts:0", "doc:facts:1")), new TreeSet<>(redis.hashes().keySet()));
    }

    @Test
    void a_question_returns_the_nearest_documents_with_their_metadata_scored_by_cosine_distance() {
        useUrl("redis://:s3cret@127.0.0.1:" + redis.port());
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");
        List<ScoredDocument> scored = load(Map.of()).scoredSearch("Which company makes phones?", 2);

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple-inc"))), found);
        assertEquals(List.of("FT.SEARCH", "facts", "*=>[KNN 1 @content_vector $vector AS vector_score]"),
                redis.commands("FT.SEARCH").get(0).subList(0, 3));
        String search = String.join(" ", redis.commands("FT.SEARCH").get(0).subList(3, redis.commands("FT.SEARCH").get(0).size()));
        for (String part : List.of("RETURN 3 metadata content vector_score", "SORTBY vector_score ASC", "DIALECT 2", "LIMIT 0 1")) {
            assertEquals(true, search.contains(part), part + " in " + search);
        }
        float[] question = EmbeddingStub.vector("Which company makes phones?");
        assertEquals(cosineDistance(question, EmbeddingStub.vector("Apple makes phones.")), scored.get(0).score(), 1e-6);
        assertEquals(cosineDistance(question, EmbeddingStub.vector("Tesla makes cars.")), scored.get(1).score(), 1e-6);
    }

    @Test
    void the_field_names_given_are_used_for_the_index_the_hashes_and_the_search() {
        useUrl("redis://:s3cret@127.0.0.1:" + redis.port());
        Map<String, Object> keys = Map.of("contentKey", "text", "metadataKey", "meta", "vectorKey", "embedding");
        load(keys).upsert(Map.of());

        List<SourceDocument> found = load(keys).retrieve("Which company makes cars?");

        assertEquals("embedding", redis.index("facts").orElseThrow().vectorField());
        assertEquals("Tesla makes cars.", text(redis.hashes().get("doc:facts:1").get("text")));
        assertEquals("Tesla makes cars.", found.get(0).pageContent());
        assertEquals("*=>[KNN 4 @embedding $vector AS vector_score]", redis.commands("FT.SEARCH").get(0).get(2));
    }

    @Test
    void a_question_before_any_upsert_finds_nothing_and_creates_nothing() {
        useUrl("redis://:s3cret@127.0.0.1:" + redis.port());

        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
        assertEquals(List.of(), redis.commands("FT.CREATE"));
    }

    @Test
    void an_index_of_other_dimensions_fails_the_upsert_and_the_question_naming_both() {
        useUrl("redis://:s3cret@127.0.0.1:" + redis.port());
        redis.withIndex("wide", "doc:wide:", "content_vector", 1536);

        ChatflowException upsert = assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "wide")).upsert(Map.of()));
        ChatflowException question = assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "wide")).retrieve("phones"));

        String message = "node redis_0 (redis): Redis index wide holds vectors of 1536 dimensions, but the flow's embeddings node gives 512";
        assertEquals(message, upsert.getMessage());
        assertEquals(message, question.getMessage());
        assertEquals(ChatflowException.Kind.CONFIGURATION, question.kind());
        assertEquals(Map.of(), redis.hashes());
    }

    @Test
    void the_server_comes_from_the_chosen_credential_s_host_and_port() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"redisCacheApi\": {\"redisCacheHost\": \"127.0.0.1\", "
                + "\"redisCachePort\": \"" + redis.port() + "\", \"redisCachePwd\": \"s3cret\"}}");

        load(Map.of()).upsert(Map.of());

        assertEquals(2, redis.hashes().size());
        assertEquals(List.of("HELLO", "2", "AUTH", "default", "s3cret"), redis.commands("HELLO").get(0).subList(0, 5));
    }

    @Test
    void a_wrong_password_is_the_provider_s_failure_naming_the_node_and_not_the_password() {
        useUrl("redis://:wrong@127.0.0.1:" + redis.port());

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals(true, failure.getMessage().startsWith("node redis_0 (redis)"), failure.getMessage());
        assertEquals(false, failure.getMessage().contains("wrong"), failure.getMessage());
    }

    @Test
    void a_redis_that_is_down_is_the_provider_s_failure_naming_the_node_and_the_address() throws Exception {
        int down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = unused.getLocalPort();
        }
        useUrl("redis://127.0.0.1:" + down);

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node redis_0 (redis) could not reach Redis at 127.0.0.1:" + down, failure.getMessage());
    }

    @Test
    void no_server_or_a_blank_index_loads_and_fails_the_request_naming_what_to_set() {
        assertEquals("node redis_0 (redis) has no Redis server: choose a redisCacheUrlApi or redisCacheApi credential, or set REDIS_URL",
                assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        useUrl("redis://127.0.0.1:" + redis.port());
        assertEquals("node redis_0 (redis) needs the name of a Redis search index in its indexName input",
                assertThrows(ChatflowException.class, () -> load(Map.of("indexName", "")).upsert(Map.of())).getMessage());
        useUrl("http://127.0.0.1:" + redis.port());
        assertEquals("node redis_0 (redis): the Redis URL must be redis://[user:password@]host:port[/db] or rediss://...",
                assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("contentKey", "my content"), "input contentKey must be a field name of letters, digits and underscores, not my content",
                Map.of("vectorKey", "metadata"), "inputs contentKey, metadataKey and vectorKey must name three different fields",
                Map.of("topK", "0"), "input topK must be between 1 and 100");
        problems.forEach((inputs, problem) -> assertEquals("node redis_0 (redis) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private void useUrl(String url) {
        environment.put("REDIS_URL", url);
    }

    private RedisNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("indexName", "facts"));
        all.putAll(inputs);
        if (runtime != null) runtime.close();
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return RedisNode.load(ProviderFixture.node("redis_0", RedisNode.NAME, all), new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return 1 - dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }
}
