package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.streaming.SourceDocument;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Embedded documents searched by cosine similarity, best first: the search Flowstream's own stores
 * share. A full scan: for the thousands of chunks a flow's documents make, it answers in
 * milliseconds and needs no index to keep in step. Immutable.
 */
record VectorIndex(List<Entry> entries) {

    static final VectorIndex EMPTY = new VectorIndex(List.of());

    /** One document and its vector. */
    record Entry(float[] vector, SourceDocument document) {
    }

    VectorIndex {
        entries = List.copyOf(entries);
    }

    /** The documents embedded by {@code embeddings}, in order. */
    static VectorIndex embed(Embedder embeddings, List<SourceDocument> documents) {
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        return new VectorIndex(IntStream.range(0, documents.size())
                .mapToObj(i -> new Entry(vectors.get(i), documents.get(i))).toList());
    }

    /** The {@code topK} documents closest to the text {@code query}, as {@code embeddings} place it; none when empty. */
    List<SourceDocument> search(Embedder embeddings, String query, int topK, ExportNode store) {
        if (entries.isEmpty()) return List.of();
        return search(embeddings.embedQuery(query), topK, store);
    }

    /**
     * The {@code topK} documents closest to {@code query}, best first.
     *
     * @throws ChatflowException naming the store when the query's vector has another length than the
     *                           stored ones (the flow's embeddings changed since the upsert)
     */
    List<SourceDocument> search(float[] query, int topK, ExportNode store) {
        if (entries.isEmpty()) return List.of();
        checkLength(query, store);
        return entries.stream()
                .sorted(Comparator.comparingDouble((Entry entry) -> -MaximalMarginalRelevance.cosine(query, entry.vector())))
                .limit(topK)
                .map(Entry::document)
                .toList();
    }

    /** The {@code k} documents closest to the text {@code query} by {@code score}, closest first, with their scores. */
    List<ScoredDocument> scored(Embedder embeddings, String query, int k, ExportNode store, LocalScore score) {
        if (entries.isEmpty()) return List.of();
        float[] vector = embeddings.embedQuery(query);
        checkLength(vector, store);
        return entries.stream()
                .map(entry -> new ScoredDocument(entry.document(), score.of(vector, entry.vector())))
                .sorted(score.closestFirst())
                .limit(k)
                .toList();
    }

    /** Fails naming the store when the query's vector has another length than the stored ones (the embeddings changed since the upsert). */
    private void checkLength(float[] query, ExportNode store) {
        int stored = entries.get(0).vector().length;
        if (query.length != stored) {
            throw new ChatflowException(ChatflowException.Kind.CONFIGURATION, "vector store " + store.id() + " ("
                    + store.name() + ") holds vectors of " + stored + " dimensions, but its embeddings give "
                    + query.length + ": upsert again after changing the embeddings");
        }
    }
}
