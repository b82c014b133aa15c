package dev.flowstream.chatflow;

import dev.flowstream.streaming.SourceDocument;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Flowise's {@code memoryVectorStore} used as a retriever: the documents of its {@code document}
 * loaders are embedded once, while the flow loads (so once per loaded version of the file), and
 * kept in this process; a query is embedded and the {@code topK} (default 4) documents of highest
 * cosine similarity are returned, best first. An embedding failure at load fails the load.
 *
 * <p>Threading: immutable after load; {@link #retrieve} is safe concurrently and blocks on the
 * embedding call for the query.
 */
final class MemoryVectorStoreNode implements Retriever {

    static final String NAME = "memoryVectorStore";
    private static final int MAX_TOP_K = 100;

    private record Entry(float[] vector, SourceDocument document) {
    }

    private final EmbeddingsNode embeddings;
    private final List<Entry> entries;
    private final int topK;

    private MemoryVectorStoreNode(EmbeddingsNode embeddings, List<Entry> entries, int topK) {
        this.embeddings = embeddings;
        this.entries = entries;
        this.topK = topK;
    }

    static MemoryVectorStoreNode load(ExportNode node, List<SourceDocument> documents, EmbeddingsNode embeddings) {
        int topK = node.inputs().integer("topK").orElse(4);
        if (topK < 1 || topK > MAX_TOP_K) throw node.failure("input topK must be between 1 and " + MAX_TOP_K);
        List<float[]> vectors;
        try {
            vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        } catch (ChatflowException e) {
            throw node.failure("could not embed its documents: " + e.getMessage());
        }
        List<Entry> entries = IntStream.range(0, documents.size())
                .mapToObj(i -> new Entry(vectors.get(i), documents.get(i))).toList();
        return new MemoryVectorStoreNode(embeddings, entries, topK);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        if (entries.isEmpty()) return List.of();
        float[] question = embeddings.embed(List.of(query)).get(0);
        return entries.stream()
                .sorted(Comparator.comparingDouble((Entry entry) -> -cosine(question, entry.vector())))
                .limit(topK)
                .map(Entry::document)
                .toList();
    }

    /** How many documents are stored. */
    int size() {
        return entries.size();
    }

    private static double cosine(float[] a, float[] b) {
        if (a.length != b.length) return -1;
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
