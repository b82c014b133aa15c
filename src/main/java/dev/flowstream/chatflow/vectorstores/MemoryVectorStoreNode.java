package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Flowise's {@code memoryVectorStore} used as a retriever: the documents of its {@code document}
 * loaders are embedded once, on the first question (so once per loaded version of the file: a
 * missing key or an unreachable server fails that prediction with a message naming the node, not
 * the flow's load, and the next question tries again), and kept in this process; a query is
 * embedded and the {@code topK} (default 4) documents of highest cosine similarity are returned,
 * best first.
 *
 * <p>Threading: {@link #retrieve} is safe concurrently; the first callers wait while one of them
 * indexes; it blocks on the embedding calls.
 */
final class MemoryVectorStoreNode implements Retriever {

    static final String NAME = "memoryVectorStore";
    private static final int MAX_TOP_K = 100;

    private record Entry(float[] vector, SourceDocument document) {
    }

    private final Embedder embeddings;
    private final List<SourceDocument> documents;
    private final int topK;
    private volatile List<Entry> entries;

    private MemoryVectorStoreNode(Embedder embeddings, List<SourceDocument> documents, int topK) {
        this.embeddings = embeddings;
        this.documents = List.copyOf(documents);
        this.topK = topK;
    }

    static MemoryVectorStoreNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        if (loaders.isEmpty()) throw node.failure("needs a document loader connected to its document input");
        List<SourceDocument> documents = loaders.stream().flatMap(loader -> loader.documents().stream()).toList();
        Embedder embeddings = wiring.optional(node, "embeddings", Role.EMBEDDINGS)
                .orElseThrow(() -> node.failure("needs an embeddings node connected to its embeddings input"));
        int topK = node.inputs().integer("topK").orElse(4);
        if (topK < 1 || topK > MAX_TOP_K) throw node.failure("input topK must be between 1 and " + MAX_TOP_K);
        return new MemoryVectorStoreNode(embeddings, documents, topK);
    }

    /** The embedded documents, indexed by the first caller; a failure leaves them for the next. */
    private List<Entry> entries() {
        List<Entry> indexed = entries;
        if (indexed != null) return indexed;
        synchronized (this) {
            if (entries == null) {
                List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
                entries = IntStream.range(0, documents.size())
                        .mapToObj(i -> new Entry(vectors.get(i), documents.get(i))).toList();
            }
            return entries;
        }
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<Entry> entries = entries();
        if (entries.isEmpty()) return List.of();
        float[] question = embeddings.embed(List.of(query)).get(0);
        return entries.stream()
                .sorted(Comparator.comparingDouble((Entry entry) -> -cosine(question, entry.vector())))
                .limit(topK)
                .map(Entry::document)
                .toList();
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
