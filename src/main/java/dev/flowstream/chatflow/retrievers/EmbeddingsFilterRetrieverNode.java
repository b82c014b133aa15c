package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Flowise's {@code embeddingsFilterRetriever} (LangChain's {@code EmbeddingsFilter} over its
 * {@code baseRetriever}): the base retriever's documents and the query are embedded by its
 * {@code embeddings}; with {@code k} only the {@code k} most similar are kept, most similar first,
 * and of those only the ones whose cosine similarity to the query is above
 * {@code similarityThreshold} (default 0.8), in the order they came. A missing base retriever or
 * embeddings, or a setting out of range, fails the load.
 *
 * <p>Threading: immutable after load; {@link #retrieve} is safe concurrently and blocks on the
 * base retriever and the embeddings provider.
 */
final class EmbeddingsFilterRetrieverNode implements Retriever {

    static final String NAME = "embeddingsFilterRetriever";

    private final Retriever base;
    private final Embedder embeddings;
    private final double threshold;
    private final Optional<Integer> k;

    private EmbeddingsFilterRetrieverNode(Retriever base, Embedder embeddings, double threshold, Optional<Integer> k) {
        this.base = base;
        this.embeddings = embeddings;
        this.threshold = threshold;
        this.k = k;
    }

    static EmbeddingsFilterRetrieverNode load(ExportNode node, Wiring wiring) {
        Retriever base = wiring.required(node, "baseRetriever", Role.RETRIEVER);
        Embedder embeddings = wiring.required(node, "embeddings", Role.EMBEDDINGS);
        double threshold = node.inputs().number("similarityThreshold").orElse(0.8);
        if (threshold < 0 || threshold > 1) throw node.failure("input similarityThreshold must be between 0 and 1");
        Optional<Integer> k = node.inputs().integer("k");
        if (k.isPresent() && k.get() < 1) throw node.failure("input k must be 1 or more");
        return new EmbeddingsFilterRetrieverNode(base, embeddings, threshold, k);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<SourceDocument> documents = base.retrieve(query);
        if (documents.isEmpty()) return documents;
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        float[] wanted = embeddings.embedQuery(query);
        double[] similarity = vectors.stream().mapToDouble(vector -> cosine(wanted, vector)).toArray();
        IntStream kept = IntStream.range(0, documents.size());
        if (k.isPresent()) {
            kept = kept.boxed().sorted(Comparator.comparingDouble(i -> -similarity[i])).limit(k.get()).mapToInt(Integer::intValue);
        }
        return kept.filter(i -> similarity[i] > threshold).mapToObj(documents::get).toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
