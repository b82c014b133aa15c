package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ConnectedWiring;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.KnownVectors;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.TextOutput;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The vectorStoreToDocument loader over a memory store of known similarities: its query, its top K, the minimum score, bad input. */
class VectorStoreToDocumentTest {

    private final KnownVectors known = new KnownVectors();
    private final SourceDocument a = known.at("a", 0.95);
    private final SourceDocument b = known.at("b", 0.85);
    private final SourceDocument c = known.at("c", 0.6);
    private final SourceDocument d = known.at("d", 0.3);

    @TempDir
    Path configDir;
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    @Test
    void the_store_s_top_k_documents_for_the_query_are_loaded_best_first() {
        assertEquals(List.of(a, b, c), load(Map.of("query", KnownVectors.QUERY)).documents(Map.of()));
    }

    @Test
    void documents_below_the_minimum_score_are_left_out() {
        assertEquals(List.of(a, b), load(Map.of("query", KnownVectors.QUERY, "minScore", "80")).documents(Map.of()));
        assertEquals(List.of(a), load(Map.of("query", KnownVectors.QUERY)).documents(Map.of("minScore", "90")));
    }

    @Test
    void an_upsert_may_give_the_query_and_without_one_fails_naming_the_input() {
        DocumentLoader loader = load(Map.of());
        assertEquals(List.of(a, b, c), loader.documents(Map.of("query", KnownVectors.QUERY)));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> loader.documents(Map.of()));
        assertEquals(ChatflowException.Kind.INPUT, failure.kind());
        assertEquals("node vectorStoreToDocument_0 (vectorStoreToDocument) needs a query in its query input (or "
                + "overrideConfig.query): an upsert has no question to search the store with", failure.getMessage());
    }

    @Test
    void its_text_is_the_documents_found_for_the_question_each_on_its_own_line() {
        String text = load(Map.of()).text(FlowRequest.of(KnownVectors.QUERY)).toCompletableFuture().join();

        assertEquals(a.pageContent() + "\n" + b.pageContent() + "\n" + c.pageContent() + "\n", text);
    }

    @Test
    void a_query_from_another_node_s_text_is_asked_first_and_an_upsert_cannot_run_it() {
        List<String> asked = new CopyOnWriteArrayList<>();
        TextOutput rephraser = request -> {
            asked.add(request.question());
            return CompletableFuture.completedFuture(KnownVectors.QUERY);
        };
        DocumentLoader loader = VectorStoreToDocumentNode.load(node(Map.of("query", "{{llmChain_2.data.instance}}")),
                new ConnectedWiring(runtime(), Map.of("vectorStore", store(), "query", rephraser)));

        String text = loader.text(FlowRequest.of("what about them?")).toCompletableFuture().join();

        assertEquals(List.of("what about them?"), asked);
        assertEquals(a.pageContent() + "\n" + b.pageContent() + "\n" + c.pageContent() + "\n", text);
        ChatflowException failure = assertThrows(ChatflowException.class, () -> loader.documents(Map.of()));
        assertEquals(ChatflowException.Kind.INPUT, failure.kind());
    }

    @Test
    void bad_input_fails_the_load_naming_the_input() {
        assertEquals("node vectorStoreToDocument_0 (vectorStoreToDocument) input minScore must be a percentage between 0 and 100",
                refused(Map.of("minScore", "150"), Map.of("vectorStore", store())));
        assertEquals("node vectorStoreToDocument_0 (vectorStoreToDocument) needs a node connected to its vectorStore input",
                refused(Map.of(), Map.of()));
    }

    private String refused(Map<String, Object> inputs, Map<String, Object> connected) {
        return assertThrows(FlowLoadException.class, () -> VectorStoreToDocumentNode.load(node(inputs),
                new ConnectedWiring(runtime(), connected))).getMessage();
    }

    private DocumentLoader load(Map<String, Object> inputs) {
        return VectorStoreToDocumentNode.load(node(inputs), new ConnectedWiring(runtime(), Map.of("vectorStore", store())));
    }

    private Retriever store() {
        return known.memoryStore(runtime(), 3, List.of(d, c, b, a));
    }

    private static dev.flowstream.chatflow.node.ExportNode node(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(inputs);
        all.putIfAbsent("vectorStore", "{{memoryVectorStore_0.data.instance}}");
        return ProviderFixture.node("vectorStoreToDocument_0", VectorStoreToDocumentNode.NAME, all);
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
        return runtime;
    }
}
