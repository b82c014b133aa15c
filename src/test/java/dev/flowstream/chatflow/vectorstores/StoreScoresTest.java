package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.ChromaStub;
import dev.flowstream.testing.PgliteServer;
import dev.flowstream.testing.PineconeStub;
import dev.flowstream.testing.QdrantStub;
import dev.flowstream.testing.SupabaseStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each store's score of a known match is the one LangChain's store of the same kind gives (the
 * backend's own formula): the query (0, 2) against "north" (3, 4) and "east" (1, 0), whose cosine
 * similarities are 0.8 and 0, squared euclidean distances 13 and 5, and inner products 8 and 0.
 */
class StoreScoresTest {

    private static final SourceDocument NORTH = new SourceDocument("north", Map.of("source", "n"));
    private static final SourceDocument EAST = new SourceDocument("east", Map.of("source", "e"));
    private static final Map<String, float[]> VECTORS = Map.of("north", new float[] {3, 4}, "east", new float[] {1, 0},
            "which way is up?", new float[] {0, 2});
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(VECTORS::get).toList();
    private static final String QUERY = "which way is up?";
    private static final double EXACT = 1e-9;
    private static PgliteServer postgres;

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private FlowRuntime runtime;

    @BeforeAll
    static void start_postgres() {
        postgres = PgliteServer.start();
    }

    @AfterAll
    static void stop_postgres() {
        postgres.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : open) resource.close();
        if (runtime != null) runtime.close();
    }

    @Test
    void the_memory_store_scores_by_cosine_similarity_highest_first() {
        ScoredSearch store = upserted(MemoryVectorStoreNode.load(node("memoryVectorStore_0", MemoryVectorStoreNode.NAME, Map.of()),
                wiring()));

        assertScores(List.of(NORTH, EAST), List.of(0.8, 0.0), store.scoredSearch(QUERY, 2));
    }

    @Test
    void faiss_scores_by_squared_euclidean_distance_lowest_first_as_its_flat_l2_index_does() {
        ScoredSearch store = upserted(FaissNode.load(node("faiss_0", FaissNode.NAME, Map.of()), wiring()));

        assertScores(List.of(EAST, NORTH), List.of(5.0, 13.0), store.scoredSearch(QUERY, 2));
        assertScores(List.of(EAST), List.of(5.0), store.scoredSearch(QUERY, 1));
    }

    @Test
    void pinecone_passes_on_the_index_s_match_score() throws Exception {
        PineconeStub pinecone = closing(PineconeStub.start("pc-key"));
        environment.put("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl());
        environment.put("PINECONE_API_KEY", "pc-key");
        ScoredSearch store = upserted(PineconeNode.load(node("pinecone_0", PineconeNode.NAME, Map.of("pineconeIndex", "idx")),
                wiring()));

        assertScores(List.of(NORTH, EAST), List.of(0.8, 0.0), store.scoredSearch(QUERY, 2));
        assertEquals(2, pinecone.lastQuery().path("topK").asInt());
    }

    @Test
    void postgres_scores_by_pgvector_s_distance_of_the_node_s_strategy() {
        assertScores(List.of(NORTH, EAST), List.of(0.2, 1.0), postgres("scores_cosine", "cosine").scoredSearch(QUERY, 2));
        assertScores(List.of(EAST, NORTH), List.of(Math.sqrt(5), Math.sqrt(13)),
                postgres("scores_euclidean", "euclidean").scoredSearch(QUERY, 2));
        assertScores(List.of(NORTH, EAST), List.of(-8.0, 0.0), postgres("scores_inner", "innerProduct").scoredSearch(QUERY, 2));
    }

    @Test
    void chroma_passes_on_the_collection_s_distance() throws Exception {
        ChromaStub chroma = closing(ChromaStub.start(Optional.empty()));
        ScoredSearch store = upserted(ChromaNode.load(node("chroma_0", ChromaNode.NAME,
                Map.of("chromaURL", chroma.url(), "collectionName", "ways")), wiring()));

        assertScores(List.of(EAST, NORTH), List.of(5.0, 13.0), store.scoredSearch(QUERY, 2));
        assertEquals(2, chroma.lastBody().path("n_results").asInt());
    }

    @Test
    void qdrant_passes_on_the_point_s_score() throws Exception {
        QdrantStub qdrant = closing(QdrantStub.start(Optional.of("qd-key")));
        environment.put("QDRANT_API_KEY", "qd-key");
        ScoredSearch store = upserted(QdrantNode.load(node("qdrant_0", QdrantNode.NAME, Map.of("qdrantServerUrl", qdrant.url(),
                "qdrantCollection", "ways", "qdrantVectorDimension", "2")), wiring()));

        assertScores(List.of(NORTH), List.of(0.8), store.scoredSearch(QUERY, 1));
        assertEquals(1, qdrant.lastBody().path("limit").asInt());
    }

    @Test
    void supabase_passes_on_the_search_function_s_similarity() throws Exception {
        SupabaseStub supabase = closing(SupabaseStub.start("sb-key").table("documents", 2, "match_documents", false));
        environment.put("SUPABASE_API_KEY", "sb-key");
        ScoredSearch store = upserted(SupabaseNode.load(node("supabase_0", SupabaseNode.NAME, Map.of("supabaseProjUrl", supabase.url(),
                "tableName", "documents", "queryName", "match_documents")), wiring()));

        assertScores(List.of(NORTH, EAST), List.of(0.8, 0.0), store.scoredSearch(QUERY, 2));
        assertEquals(2, supabase.lastBody().path("match_count").asInt());
    }

    @Test
    void a_store_s_top_k_is_its_input_or_four() {
        assertEquals(4, MemoryVectorStoreNode.load(node("memoryVectorStore_0", MemoryVectorStoreNode.NAME, Map.of()), wiring()).topK());
        assertEquals(7, FaissNode.load(node("faiss_0", FaissNode.NAME, Map.of("topK", "7")), wiring()).topK());
    }

    private ScoredSearch postgres(String table, String distance) {
        environment.put("POSTGRES_VECTORSTORE_USER", "postgres");
        environment.put("POSTGRES_VECTORSTORE_PASSWORD", "postgres");
        PostgresNode store = PostgresNode.load(node("postgres_0", PostgresNode.NAME, Map.of("host", "127.0.0.1",
                "port", String.valueOf(postgres.port()), "database", "postgres", "tableName", table, "distanceStrategy", distance)), wiring());
        open.add(store);
        return upserted(store);
    }

    private static <T extends ScoredSearch & Upserter> ScoredSearch upserted(T store) {
        store.upsert(Map.of());
        return store;
    }

    private <T extends AutoCloseable> T closing(T resource) {
        open.add(resource);
        return resource;
    }

    private static void assertScores(List<SourceDocument> documents, List<Double> scores, List<ScoredDocument> found) {
        assertEquals(documents, found.stream().map(ScoredDocument::document).toList());
        for (int i = 0; i < scores.size(); i++) assertEquals(scores.get(i), found.get(i).score(), EXACT, "score " + i);
    }

    private static dev.flowstream.chatflow.node.ExportNode node(String id, String name, Map<String, Object> inputs) {
        return ProviderFixture.node(id, name, inputs);
    }

    private Wiring wiring() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return new FixedWiring(runtime, overrides -> List.of(NORTH, EAST), EMBEDDINGS);
    }
}
