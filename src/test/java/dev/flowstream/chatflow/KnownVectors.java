package dev.flowstream.chatflow;

import dev.flowstream.chatflow.graph.NodeRegistry;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Texts with vectors chosen by a test, so similarities are known exactly: the query {@link #QUERY}
 * is (1, 0) and a document made by {@link #at} lies at the given cosine similarity from it.
 * Its embedder maps each known text to its vector. Not thread-safe while documents are added.
 */
public final class KnownVectors {

    public static final String QUERY = "the query";

    private final Map<String, float[]> vectors = new LinkedHashMap<>(Map.of(QUERY, new float[] {1, 0}));

    /** A document whose cosine similarity to the query is {@code similarity}. */
    public SourceDocument at(String text, double similarity) {
        vectors.put(text, new float[] {(float) similarity, (float) Math.sqrt(1 - similarity * similarity)});
        return new SourceDocument(text, Map.of("source", text));
    }

    public Embedder embeddings() {
        return texts -> texts.stream().map(text -> {
            float[] vector = vectors.get(text);
            if (vector == null) throw new IllegalArgumentException("no vector for " + text);
            return vector;
        }).toList();
    }

    /** A real {@code memoryVectorStore} holding {@code documents}, with {@code topK}, loaded as a flow would. */
    public Retriever memoryStore(FlowRuntime runtime, int topK, List<SourceDocument> documents) {
        DocumentLoader loader = overrides -> documents;
        return (Retriever) NodeRegistry.flowstream().type("memoryVectorStore").orElseThrow().loader().load(
                ProviderFixture.node("memoryVectorStore_0", "memoryVectorStore", Map.of("topK", String.valueOf(topK))),
                new ConnectedWiring(runtime, Map.of("document", loader, "embeddings", embeddings())));
    }
}
