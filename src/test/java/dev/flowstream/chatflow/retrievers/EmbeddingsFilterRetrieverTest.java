package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ConnectedWiring;
import dev.flowstream.chatflow.KnownVectors;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The embeddingsFilterRetriever over a base retriever of known vectors: the threshold, k, and bad settings. */
class EmbeddingsFilterRetrieverTest {

    private final KnownVectors known = new KnownVectors();
    private final SourceDocument a = known.at("a", 0.95);
    private final SourceDocument b = known.at("b", 0.85);
    private final SourceDocument c = known.at("c", 0.75);
    private final SourceDocument e = known.at("e", 0.2);
    private final Retriever base = query -> List.of(c, a, e, b);

    @TempDir
    Path configDir;
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    @Test
    void without_k_the_documents_above_the_threshold_are_kept_in_the_order_they_came() {
        assertEquals(List.of(a, b), load(Map.of("similarityThreshold", "0.8")).retrieve(KnownVectors.QUERY));
        assertEquals(List.of(c, a, b), load(Map.of("similarityThreshold", "0.7")).retrieve(KnownVectors.QUERY));
    }

    @Test
    void with_k_the_k_most_similar_are_kept_most_similar_first_then_the_threshold_applies() {
        assertEquals(List.of(a, b), load(Map.of("similarityThreshold", "0.7", "k", "2")).retrieve(KnownVectors.QUERY));
        assertEquals(List.of(a), load(Map.of("similarityThreshold", "0.9", "k", "3")).retrieve(KnownVectors.QUERY));
    }

    @Test
    void a_blank_threshold_is_flowise_s_default_of_0_8() {
        assertEquals(List.of(a, b), load(Map.of("similarityThreshold", "", "k", "")).retrieve(KnownVectors.QUERY));
    }

    @Test
    void the_documents_of_a_real_store_are_filtered_too() {
        Retriever store = known.memoryStore(runtime(), 3, List.of(e, c, a, b));
        Retriever filtered = EmbeddingsFilterRetrieverNode.load(node(Map.of("similarityThreshold", "0.8")),
                new ConnectedWiring(runtime(), Map.of("baseRetriever", store, "embeddings", known.embeddings())));

        assertEquals(List.of(a, b), filtered.retrieve(KnownVectors.QUERY));
    }

    @Test
    void a_missing_base_retriever_or_embeddings_fails_the_load_naming_the_input() {
        assertEquals("node embeddingsFilterRetriever_0 (embeddingsFilterRetriever) needs a node connected to its baseRetriever input",
                refused(Map.of(), Map.of("embeddings", known.embeddings())));
        assertEquals("node embeddingsFilterRetriever_0 (embeddingsFilterRetriever) needs a node connected to its embeddings input",
                refused(Map.of(), Map.of("baseRetriever", base)));
    }

    @Test
    void settings_out_of_range_fail_the_load_naming_the_input() {
        Map<String, Object> connected = Map.of("baseRetriever", base, "embeddings", known.embeddings());
        assertEquals("node embeddingsFilterRetriever_0 (embeddingsFilterRetriever) input similarityThreshold must be between 0 and 1",
                refused(Map.of("similarityThreshold", "1.5"), connected));
        assertEquals("node embeddingsFilterRetriever_0 (embeddingsFilterRetriever) input k must be 1 or more",
                refused(Map.of("k", "0"), connected));
    }

    private String refused(Map<String, Object> inputs, Map<String, Object> connected) {
        return assertThrows(FlowLoadException.class,
                () -> EmbeddingsFilterRetrieverNode.load(node(inputs), new ConnectedWiring(runtime(), connected))).getMessage();
    }

    private Retriever load(Map<String, Object> inputs) {
        return EmbeddingsFilterRetrieverNode.load(node(new HashMap<>(inputs)),
                new ConnectedWiring(runtime(), Map.of("baseRetriever", base, "embeddings", known.embeddings())));
    }

    private static dev.flowstream.chatflow.node.ExportNode node(Map<String, Object> inputs) {
        return ProviderFixture.node("embeddingsFilterRetriever_0", EmbeddingsFilterRetrieverNode.NAME, inputs);
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
        return runtime;
    }
}
