package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ConnectedWiring;
import dev.flowstream.chatflow.KnownVectors;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The similarityThresholdRetriever over a memory store of known similarities: what it keeps, how far it asks, bad settings. */
class SimilarityThresholdRetrieverTest {

    private final KnownVectors known = new KnownVectors();
    private final SourceDocument a = known.at("a", 0.95);
    private final SourceDocument b = known.at("b", 0.85);
    private final SourceDocument c = known.at("c", 0.75);
    private final SourceDocument d = known.at("d", 0.5);
    private final SourceDocument e = known.at("e", 0.2);
    private final List<Integer> asked = new CopyOnWriteArrayList<>();

    @TempDir
    Path configDir;
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    @Test
    void the_documents_at_or_above_the_minimum_percentage_are_kept_best_first() {
        Retriever retriever = load(Map.of("minSimilarityScore", "80", "maxK", "20", "kIncrement", "2"));

        assertEquals(List.of(a, b), retriever.retrieve(KnownVectors.QUERY));
        assertEquals(List.of(2, 4), asked, "2 asked and both passed, so 2 more were asked; then fewer passed than asked");
    }

    @Test
    void while_every_document_asked_for_passes_more_are_asked_for_up_to_max_k() {
        Retriever retriever = load(Map.of("minSimilarityScore", "10", "maxK", "3", "kIncrement", "2"));

        assertEquals(List.of(a, b, c), retriever.retrieve(KnownVectors.QUERY));
        assertEquals(List.of(2, 4), asked);
    }

    @Test
    void blank_settings_are_read_as_flowise_reads_them_ninety_percent_up_to_a_hundred_two_at_a_time() {
        Retriever retriever = load(Map.of("minSimilarityScore", "", "maxK", "", "kIncrement", ""));

        assertEquals(List.of(a), retriever.retrieve(KnownVectors.QUERY));
        assertEquals(List.of(2), asked);
    }

    @Test
    void a_store_that_gives_no_scores_fails_the_load_naming_the_input_and_the_store() {
        Retriever unscored = query -> List.of(a);
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> SimilarityThresholdRetrieverNode.load(
                node(Map.of("vectorStore", "{{flowstreamLuceneRetriever_0.data.instance}}")),
                new ConnectedWiring(runtime(), Map.of("vectorStore", unscored))));

        assertEquals("node similarityThresholdRetriever_0 (similarityThresholdRetriever) input vectorStore is connected to node "
                + "flowstreamLuceneRetriever_0, a vector store that cannot tell how similar its documents are", failure.getMessage());
    }

    @Test
    void a_missing_vector_store_fails_the_load_naming_the_input() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> SimilarityThresholdRetrieverNode.load(
                node(Map.of()), new ConnectedWiring(runtime(), Map.of())));

        assertEquals("node similarityThresholdRetriever_0 (similarityThresholdRetriever) needs a node connected to its vectorStore input",
                failure.getMessage());
    }

    @Test
    void settings_out_of_range_fail_the_load_naming_the_input() {
        assertEquals("node similarityThresholdRetriever_0 (similarityThresholdRetriever) input minSimilarityScore must be a "
                + "percentage between 0 and 100", refused(Map.of("minSimilarityScore", "120")));
        assertEquals("node similarityThresholdRetriever_0 (similarityThresholdRetriever) input maxK must be between 1 and 1000",
                refused(Map.of("maxK", "0")));
        assertEquals("node similarityThresholdRetriever_0 (similarityThresholdRetriever) input kIncrement must be between 1 and "
                + "maxK (20)", refused(Map.of("maxK", "20", "kIncrement", "0")));
    }

    private String refused(Map<String, Object> inputs) {
        return assertThrows(FlowLoadException.class, () -> load(inputs)).getMessage();
    }

    private Retriever load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(inputs);
        all.put("vectorStore", "{{memoryVectorStore_0.data.instance}}");
        return SimilarityThresholdRetrieverNode.load(node(all), new ConnectedWiring(runtime(), Map.of("vectorStore", recording())));
    }

    /** The real store, with the counts it is asked for recorded. */
    private Retriever recording() {
        Retriever store = known.memoryStore(runtime(), 4, List.of(e, c, a, d, b));
        ScoredSearch scored = (ScoredSearch) store;
        return new RecordingStore(store, scored, asked);
    }

    private record RecordingStore(Retriever store, ScoredSearch scored, List<Integer> asked) implements Retriever, ScoredSearch {

        @Override
        public List<SourceDocument> retrieve(String query) {
            return store.retrieve(query);
        }

        @Override
        public List<ScoredDocument> scoredSearch(String query, int k) {
            asked.add(k);
            return scored.scoredSearch(query, k);
        }

        @Override
        public int topK() {
            return scored.topK();
        }
    }

    private static dev.flowstream.chatflow.node.ExportNode node(Map<String, Object> inputs) {
        return ProviderFixture.node("similarityThresholdRetriever_0", SimilarityThresholdRetrieverNode.NAME, inputs);
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
        return runtime;
    }
}
