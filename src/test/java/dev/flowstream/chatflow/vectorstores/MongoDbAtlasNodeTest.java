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
import dev.flowstream.testing.MongoAtlasStub;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mongoDBAtlas node against a MongoDB speaking the wire protocol with Atlas Vector Search: documents as LangChain lays them out, the $vectorSearch pipeline, filters, failures. */
class MongoDbAtlasNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple", "page", 1)),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "page", 2)),
            new SourceDocument("", Map.of("source", "empty")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final MongoAtlasStub mongo = MongoAtlasStub.start().withIndex("shop", "facts", "vector_index", "embedding");
    private final Map<String, String> environment = new HashMap<>();
    private final List<MongoDbAtlasNode> opened = new ArrayList<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        opened.forEach(MongoDbAtlasNode::close); // each holds a driver client and its monitor threads
        if (runtime != null) runtime.close();
        mongo.close();
    }

    @Test
    void an_upsert_inserts_each_passage_with_its_text_vector_and_metadata_fields_as_langchain_lays_them_out() {
        environment.put("MONGODB_URI", mongo.url());

        UpsertResult result = load(Map.of()).upsert(Map.of());

        assertEquals(2, result.numAdded(), "the empty passage is skipped, as Flowise does");
        List<BsonDocument> stored = mongo.documents("shop", "facts");
        assertEquals(2, stored.size());
        BsonDocument first = stored.get(0);
        assertEquals(List.of("_id", "text", "embedding"), List.copyOf(first.keySet()).subList(0, 3), "the driver puts the _id first");
        assertEquals(Set.of("source", "page"), Set.copyOf(List.copyOf(first.keySet()).subList(3, first.size())));
        assertTrue(first.isObjectId("_id"), first.toJson());
        assertEquals("Apple makes phones.", first.getString("text").getValue());
        assertEquals(new BsonString("apple"), first.get("source"));
        assertEquals(new BsonInt32(1), first.get("page"));
        BsonArray vector = first.getArray("embedding");
        assertEquals(EmbeddingStub.DIMENSIONS, vector.size());
        assertTrue(vector.stream().allMatch(BsonValue::isDouble));
        assertEquals(EmbeddingStub.vector("Apple makes phones.")[3], vector.get(3).asDouble().getValue(), 1e-7);
        assertEquals("Tesla makes cars.", stored.get(1).getString("text").getValue());
        assertEquals("shop", mongo.commands("insert").get(0).database());
    }

    @Test
    void a_question_runs_the_vector_search_pipeline_and_returns_the_nearest_with_metadata_and_atlas_score() {
        environment.put("MONGODB_URI", mongo.url());
        load(Map.of()).upsert(Map.of());

        List<ScoredDocument> found = load(Map.of()).scoredSearch("Which company makes phones?", 2);

        BsonDocument command = mongo.commands("aggregate").get(0).body();
        assertEquals("facts", command.getString("aggregate").getValue());
        List<BsonValue> pipeline = command.getArray("pipeline").getValues();
        BsonDocument search = pipeline.get(0).asDocument().getDocument("$vectorSearch");
        assertEquals(List.of("queryVector", "index", "path", "limit", "numCandidates"), List.copyOf(search.keySet()));
        assertEquals("vector_index", search.getString("index").getValue());
        assertEquals("embedding", search.getString("path").getValue());
        assertEquals(2, search.getInt32("limit").getValue());
        assertEquals(20, search.getInt32("numCandidates").getValue());
        assertEquals(EmbeddingStub.DIMENSIONS, search.getArray("queryVector").size());
        assertEquals(BsonDocument.parse("{\"$set\": {\"score\": {\"$meta\": \"vectorSearchScore\"}}}"), pipeline.get(1));
        assertEquals(BsonDocument.parse("{\"$project\": {\"embedding\": 0}}"), pipeline.get(2));
        assertEquals(3, pipeline.size());

        assertEquals(List.of("Apple makes phones.", "Tesla makes cars."), found.stream().map(match -> match.document().pageContent()).toList());
        Map<String, Object> metadata = new LinkedHashMap<>(found.get(0).document().metadata());
        String id = (String) metadata.remove("_id");
        assertEquals(mongo.documents("shop", "facts").get(0).getObjectId("_id").getValue().toHexString(), id);
        assertEquals(Map.of("source", "apple", "page", 1), metadata);
        float[] question = EmbeddingStub.vector("Which company makes phones?");
        assertEquals((1 + cosine(question, EmbeddingStub.vector("Apple makes phones."))) / 2, found.get(0).score(), 1e-6);
        assertEquals((1 + cosine(question, EmbeddingStub.vector("Tesla makes cars."))) / 2, found.get(1).score(), 1e-6);
        assertTrue(found.get(0).score() > found.get(1).score());
    }

    @Test
    void mmr_asks_for_fetch_k_documents_with_their_vectors_and_keeps_top_k_by_marginal_relevance() {
        environment.put("MONGODB_URI", mongo.url());
        load(Map.of()).upsert(Map.of());
        String question = "Which company makes phones?";
        List<SourceDocument> closest = load(Map.of("topK", "2")).retrieve(question);

        List<SourceDocument> found = load(Map.of("searchType", "mmr", "fetchK", "2", "topK", "1", "lambda", "0.3")).retrieve(question);

        List<BsonValue> pipeline = mongo.commands("aggregate").get(1).body().getArray("pipeline").getValues();
        assertEquals(2, pipeline.get(0).asDocument().getDocument("$vectorSearch").getInt32("limit").getValue());
        assertEquals(2, pipeline.size(), "the vectors are kept for MMR: no $project");
        List<Integer> chosen = MaximalMarginalRelevance.select(EmbeddingStub.vector(question),
                closest.stream().map(document -> EmbeddingStub.vector(document.pageContent())).toList(), 1, 0.3);
        assertEquals(chosen.stream().map(closest::get).toList(), found);
        assertEquals(false, found.get(0).metadata().containsKey("embedding"));
    }

    @Test
    void top_k_limits_the_search_and_the_documents_a_question_returns() {
        environment.put("MONGODB_URI", mongo.url());
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes cars?");

        assertEquals(List.of("Tesla makes cars."), found.stream().map(SourceDocument::pageContent).toList());
        BsonDocument search = mongo.commands("aggregate").get(0).body().getArray("pipeline").get(0).asDocument().getDocument("$vectorSearch");
        assertEquals(1, search.getInt32("limit").getValue());
        assertEquals(10, search.getInt32("numCandidates").getValue());
    }

    @Test
    void the_metadata_filter_goes_as_the_search_s_equality_pre_filter() {
        environment.put("MONGODB_URI", mongo.url());
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("mongoMetadataFilter", "{\"source\": \"tesla\"}")).retrieve("Which company makes phones?");

        assertEquals(List.of("Tesla makes cars."), found.stream().map(SourceDocument::pageContent).toList());
        BsonDocument search = mongo.commands("aggregate").get(0).body().getArray("pipeline").get(0).asDocument().getDocument("$vectorSearch");
        assertEquals(BsonDocument.parse("{\"source\": {\"$eq\": \"tesla\"}}"), search.getDocument("filter"));
    }

    @Test
    void the_field_names_given_are_used_for_the_documents_and_the_search() {
        environment.put("MONGODB_URI", mongo.url());
        mongo.withIndex("shop", "facts", "by_vector", "vector");
        Map<String, Object> keys = Map.of("textKey", "body", "embeddingKey", "vector", "indexName", "by_vector");
        load(keys).upsert(Map.of());

        List<SourceDocument> found = load(keys).retrieve("Which company makes cars?");

        assertEquals("Tesla makes cars.", found.get(0).pageContent());
        assertEquals(List.of("_id", "body", "vector"), List.copyOf(mongo.documents("shop", "facts").get(0).keySet()).subList(0, 3));
        BsonDocument search = mongo.commands("aggregate").get(0).body().getArray("pipeline").get(0).asDocument().getDocument("$vectorSearch");
        assertEquals("vector", search.getString("path").getValue());
        assertEquals(false, found.get(0).metadata().containsKey("vector"), "the vectors are projected out");
    }

    @Test
    void the_connection_string_comes_from_the_chosen_credential() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"mongoDBUrlApi\": {\"mongoDBConnectUrl\": \"" + mongo.url() + "\"}}");

        load(Map.of()).upsert(Map.of());

        assertEquals(2, mongo.documents("shop", "facts").size());
    }

    @Test
    void closing_the_node_ends_the_driver_s_sessions_and_stops_its_monitor_threads() throws Exception {
        environment.put("MONGODB_URI", mongo.url());
        MongoDbAtlasNode node = load(Map.of());
        node.upsert(Map.of());
        assertTrue(driverThreads() > 0, "the driver monitors the server while the node is open");

        node.close();

        assertEquals(1, mongo.commands("endSessions").size());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (driverThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, driverThreads());
        assertEquals("node mongoDBAtlas_0 (mongoDBAtlas) belongs to a flow that was replaced",
                assertThrows(ChatflowException.class, () -> node.retrieve("phones")).getMessage());
    }

    @Test
    void a_mongodb_that_is_down_is_the_provider_s_failure_naming_the_node_and_the_address() throws Exception {
        int down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = unused.getLocalPort();
        }
        environment.put("MONGODB_URI", "mongodb://127.0.0.1:" + down + "/?serverSelectionTimeoutMS=500");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node mongoDBAtlas_0 (mongoDBAtlas) could not reach MongoDB at 127.0.0.1:" + down, failure.getMessage());
    }

    @Test
    void a_search_that_is_not_answered_in_time_is_a_timeout_naming_the_node() {
        environment.put("MONGODB_URI", mongo.url() + "?socketTimeoutMS=300");
        mongo.withSlowSearch(2_000);

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.TIMEOUT, failure.kind());
        assertEquals("node mongoDBAtlas_0 (mongoDBAtlas): MongoDB at 127.0.0.1:" + mongo.port() + " did not answer in time", failure.getMessage());
    }

    @Test
    void a_mongodb_without_atlas_search_refuses_the_question_as_the_provider_s_failure_naming_the_node() {
        environment.put("MONGODB_URI", mongo.url());
        mongo.withoutAtlasSearch();

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node mongoDBAtlas_0 (mongoDBAtlas): MongoDB refused: $vectorSearch stage is only allowed on MongoDB Atlas",
                failure.getMessage());
    }

    @Test
    void no_connection_string_or_a_blank_name_loads_and_fails_the_request_naming_what_to_set() {
        assertEquals("node mongoDBAtlas_0 (mongoDBAtlas) has no MongoDB connection string: choose a mongoDBUrlApi credential"
                + " with its mongoDBConnectUrl, or set MONGODB_URI",
                assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        environment.put("MONGODB_URI", mongo.url());
        Map<String, String> blanks = Map.of(
                "databaseName", "the name of a database",
                "collectionName", "the name of a collection",
                "indexName", "the name of an Atlas Vector Search index");
        blanks.forEach((input, what) -> {
            String message = "node mongoDBAtlas_0 (mongoDBAtlas) needs " + what + " in its " + input + " input";
            assertEquals(message, assertThrows(ChatflowException.class, () -> load(Map.of(input, " ")).retrieve("phones")).getMessage());
        });
        assertThrows(ChatflowException.class, () -> load(Map.of("databaseName", "")).upsert(Map.of()));
        assertEquals(List.of(), mongo.commands("insert"));
        assertEquals(List.of(), mongo.commands("aggregate"));
        environment.put("MONGODB_URI", "http://user:pa55word@127.0.0.1:" + mongo.port());
        String wrongScheme = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage();
        assertEquals("node mongoDBAtlas_0 (mongoDBAtlas): the MongoDB connection string must be "
                + "mongodb://[user:password@]host[:port][/?options] or mongodb+srv://...", wrongScheme);
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("mongoMetadataFilter", "{\"source\": "), "input mongoMetadataFilter is not valid JSON",
                Map.of("mongoMetadataFilter", "[\"tesla\"]"), "input mongoMetadataFilter must be a JSON object of field names and values",
                Map.of("embeddingKey", "text"), "inputs textKey and embeddingKey must name two different fields",
                Map.of("topK", "0"), "input topK must be between 1 and 100");
        problems.forEach((inputs, problem) -> {
            String message = assertThrows(RuntimeException.class, () -> load(inputs)).getMessage();
            assertTrue(message.startsWith("node mongoDBAtlas_0 (mongoDBAtlas") && message.contains(problem), message);
        });
    }

    private MongoDbAtlasNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("databaseName", "shop", "collectionName", "facts", "indexName", "vector_index"));
        all.putAll(inputs);
        if (runtime != null) runtime.close();
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        MongoDbAtlasNode node = MongoDbAtlasNode.load(ProviderFixture.node("mongoDBAtlas_0", MongoDbAtlasNode.NAME, all),
                new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
        opened.add(node);
        return node;
    }

    private long driverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().contains(":" + mongo.port())).count();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }
}
