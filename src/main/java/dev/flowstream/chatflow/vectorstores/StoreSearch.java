package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * How a vector store searches: the {@code topK} (default 4) closest documents, or, with Flowise's
 * {@code searchType} {@code mmr}, {@code topK} chosen by {@link MaximalMarginalRelevance} among the
 * {@code fetchK} (default 20) closest, with {@code lambda} (default 0.5). Only the stores whose
 * Flowise node offers the search type (pinecone, supabase) read it; the others search by
 * similarity. Immutable.
 */
record StoreSearch(int topK, Optional<Mmr> mmr) {

    private static final int MAX_FETCH_K = 1000;

    /** The MMR settings. */
    record Mmr(int fetchK, double lambda) {
    }

    /** Similarity search with the node's {@code topK}. */
    static StoreSearch similarity(ExportNode node) {
        return new StoreSearch(StoreInputs.topK(node), Optional.empty());
    }

    /** The node's {@code searchType}, {@code topK}, {@code fetchK} and {@code lambda}. */
    static StoreSearch of(ExportNode node) {
        String type = node.inputs().text("searchType").map(String::trim).orElse("similarity");
        if (type.equals("similarity")) return similarity(node);
        if (!type.equals("mmr")) throw node.failure("input searchType must be similarity or mmr, not " + type);
        int fetchK = node.inputs().integer("fetchK").orElse(20);
        if (fetchK < 1 || fetchK > MAX_FETCH_K) throw node.failure("input fetchK must be between 1 and " + MAX_FETCH_K);
        double lambda = node.inputs().number("lambda").orElse(0.5);
        if (lambda < 0 || lambda > 1) throw node.failure("input lambda must be between 0 and 1");
        return new StoreSearch(StoreInputs.topK(node), Optional.of(new Mmr(fetchK, lambda)));
    }

    /** How many of the closest documents to ask the store for. */
    int candidates() {
        return mmr.map(Mmr::fetchK).orElse(topK);
    }

    /** Whether the store must send the candidates' vectors back (MMR compares them). */
    boolean needsVectors() {
        return mmr.isPresent();
    }

    /** The documents to return from the store's candidates, closest first. */
    List<SourceDocument> select(float[] query, List<VectorIndex.Entry> closestFirst) {
        if (mmr.isEmpty()) return closestFirst.stream().limit(topK).map(VectorIndex.Entry::document).toList();
        List<float[]> vectors = closestFirst.stream().map(VectorIndex.Entry::vector).toList();
        List<Integer> chosen = MaximalMarginalRelevance.select(query, vectors, topK, mmr.get().lambda());
        return IntStream.range(0, chosen.size()).mapToObj(i -> closestFirst.get(chosen.get(i)).document()).toList();
    }
}
