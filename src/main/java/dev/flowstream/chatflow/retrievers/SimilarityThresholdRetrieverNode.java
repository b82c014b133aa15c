package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;

/**
 * Flowise's {@code similarityThresholdRetriever} (LangChain's {@code ScoreThresholdRetriever}): the
 * documents of its {@code vectorStore} whose score is at least {@code minSimilarityScore} percent
 * (90 when blank, as Flowise reads it), asked for {@code kIncrement} (2) more at a time while every
 * one asked for passes, up to {@code maxK} (100 when blank). The score is the store's own
 * ({@link ScoredSearch}): for stores that score by distance a minimum keeps the farther documents,
 * as it does in Flowise. A store that gives no scores, or a setting out of range, fails the load.
 *
 * <p>Threading: immutable after load; {@link #retrieve} is safe concurrently and blocks on the store.
 */
final class SimilarityThresholdRetrieverNode implements Retriever {

    static final String NAME = "similarityThresholdRetriever";
    private static final int MAX_K = 1000;

    private final ScoredSearch store;
    private final double minScore;
    private final int maxK;
    private final int kIncrement;

    private SimilarityThresholdRetrieverNode(ScoredSearch store, double minScore, int maxK, int kIncrement) {
        this.store = store;
        this.minScore = minScore;
        this.maxK = maxK;
        this.kIncrement = kIncrement;
    }

    static SimilarityThresholdRetrieverNode load(ExportNode node, Wiring wiring) {
        ScoredSearch store = ScoredSearch.of(node, "vectorStore", wiring);
        double percent = node.inputs().number("minSimilarityScore").orElse(90.0);
        if (percent < 0 || percent > 100) throw node.failure("input minSimilarityScore must be a percentage between 0 and 100");
        int maxK = node.inputs().integer("maxK").orElse(100);
        if (maxK < 1 || maxK > MAX_K) throw node.failure("input maxK must be between 1 and " + MAX_K);
        int kIncrement = node.inputs().integer("kIncrement").orElse(2);
        if (kIncrement < 1 || kIncrement > maxK) throw node.failure("input kIncrement must be between 1 and maxK (" + maxK + ")");
        return new SimilarityThresholdRetrieverNode(store, percent / 100, maxK, kIncrement);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        int k = 0;
        List<ScoredDocument> kept;
        do {
            k += kIncrement;
            kept = store.scoredSearch(query, k).stream().filter(match -> match.score() >= minScore).toList();
        } while (kept.size() >= k && k < maxK);
        return kept.stream().limit(maxK).map(ScoredDocument::document).toList();
    }
}
