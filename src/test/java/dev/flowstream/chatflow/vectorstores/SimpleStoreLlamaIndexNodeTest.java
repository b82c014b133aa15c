package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.graph.NodeRegistry;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** simpleStoreLlamaIndex: LlamaIndex's nodes embedded through the embedding stub, kept on disk, searched by cosine. */
class SimpleStoreLlamaIndexNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.\nThey sell well.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "year", "2022")),
            new SourceDocument("Honey never spoils.", Map.of("source", "honey")));

    @TempDir
    Path configDir;
    private final EmbeddingStub embeddingServer = EmbeddingStub.start();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        embeddingServer.close();
    }

    @Test
    void an_upsert_embeds_llamaindex_s_nodes_with_their_metadata_and_a_later_load_finds_them_best_first() {
        UpsertResult result = load(Map.of()).upsert(Map.of());

        assertEquals(3, result.numAdded());
        assertEquals(List.of(List.of("source: apple\n\nApple makes phones. They sell well.",
                        "source: tesla\nyear: 2022\n\nTesla makes cars.", "source: honey\n\nHoney never spoils.")),
                embeddingServer.requests().stream().map(EmbeddingStub.Request::inputs).toList());
        assertTrue(Files.isRegularFile(configDir.resolve("vectorstores/flow/simpleStoreLlamaIndex_0/flowstream-vectors.bin")));

        List<SourceDocument> found = load(Map.of("topK", "2")).retrieve("Who makes cars?");

        assertEquals(2, found.size());
        assertEquals(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "year", "2022")), found.get(0));
        assertEquals("Who makes cars?", embeddingServer.requests().get(1).inputs().get(0));
    }

    @Test
    void an_upsert_replaces_what_the_store_held_and_before_any_upsert_nothing_is_found() {
        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
        assertEquals(0, embeddingServer.requests().size(), "an empty store asks the embeddings nothing");

        load(Map.of()).upsert(Map.of());
        load(Map.of()).upsert(Map.of());

        assertEquals(3, load(Map.of("topK", "10")).retrieve("phones").size());
    }

    @Test
    void its_base_path_is_a_folder_inside_the_config_directory() {
        load(Map.of("basePath", "stores/facts")).upsert(Map.of());

        assertTrue(Files.isRegularFile(configDir.resolve("stores/facts/flowstream-vectors.bin")));
        assertEquals("node simpleStoreLlamaIndex_0 (simpleStoreLlamaIndex) input basePath must name a folder inside the "
                + "config directory, not ../elsewhere", assertThrows(FlowLoadException.class,
                () -> load(Map.of("basePath", "../elsewhere"))).getMessage());
    }

    @Test
    void embeddings_that_are_down_fail_the_upsert_as_the_provider_s_failure_naming_their_node() {
        SimpleStoreLlamaIndexNode store = load(Map.of());
        embeddingServer.close();

        ChatflowException failure = assertThrows(ChatflowException.class, () -> store.upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().startsWith("embeddings node openAIEmbedding_LlamaIndex_0 (openAIEmbedding_LlamaIndex)"),
                failure.getMessage());
    }

    @Test
    void without_embeddings_the_load_fails_naming_the_input() {
        assertEquals("node simpleStoreLlamaIndex_0 (simpleStoreLlamaIndex) needs an embeddings node connected to its "
                + "embeddings input", assertThrows(FlowLoadException.class, () -> SimpleStoreLlamaIndexNode.load(
                ProviderFixture.node("simpleStoreLlamaIndex_0", SimpleStoreLlamaIndexNode.NAME, Map.of()),
                new FixedWiring(runtime(), overrides -> DOCUMENTS, null))).getMessage());
    }

    private SimpleStoreLlamaIndexNode load(Map<String, Object> inputs) {
        DocumentLoader loader = overrides -> DOCUMENTS;
        return SimpleStoreLlamaIndexNode.load(ProviderFixture.node("simpleStoreLlamaIndex_0", SimpleStoreLlamaIndexNode.NAME,
                inputs), new FixedWiring(runtime(), loader, embeddings()));
    }

    private Embedder embeddings() {
        return (Embedder) NodeRegistry.flowstream().type("openAIEmbedding_LlamaIndex").orElseThrow().loader().load(
                ProviderFixture.node("openAIEmbedding_LlamaIndex_0", "openAIEmbedding_LlamaIndex",
                        Map.of("basepath", embeddingServer.openAiBaseUrl())), new FixedWiring(runtime(), null, null));
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> "sk-test");
        return runtime;
    }
}
