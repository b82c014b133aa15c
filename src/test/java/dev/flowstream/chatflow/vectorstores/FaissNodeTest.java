package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The faiss node: what an upsert keeps survives a new load of the flow; where it is kept; a changed embedding. */
class FaissNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("otters hold hands", Map.of("source", "otters.md")),
            new SourceDocument("towers grow in summer", Map.of("source", "towers.md")));

    @TempDir
    Path configDir;
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void what_an_upsert_keeps_is_found_by_the_next_load_of_the_flow() {
        UpsertResult result = load(Map.of(), new Letters(2)).upsert(Map.of());
        assertEquals(2, result.numAdded());

        FaissNode reloaded = load(Map.of(), new Letters(2));
        assertEquals("otters.md", reloaded.retrieve("otters").get(0).metadata().get("source"));
        assertTrue(Files.isRegularFile(configDir.resolve("vectorstores/flow/faiss_0").resolve(VectorFile.NAME)));
    }

    @Test
    void before_any_upsert_nothing_is_found() {
        assertEquals(List.of(), load(Map.of(), new Letters(2)).retrieve("otters"));
    }

    @Test
    void a_base_path_inside_the_config_directory_is_used_and_one_outside_it_refused() {
        load(Map.of("basePath", "stores/docs"), new Letters(2)).upsert(Map.of());
        assertTrue(Files.isRegularFile(configDir.resolve("stores/docs").resolve(VectorFile.NAME)));

        FlowLoadException outside = assertThrows(FlowLoadException.class, () -> load(Map.of("basePath", "../x"), new Letters(2)));
        assertEquals("node faiss_0 (faiss) input basePath must name a folder inside the config directory, not ../x",
                outside.getMessage());
    }

    @Test
    void a_template_s_windows_folder_falls_back_to_the_default_folder() {
        load(Map.of("basePath", "C:\\Users\\your-folder"), new Letters(2)).upsert(Map.of());
        assertTrue(Files.isRegularFile(configDir.resolve("vectorstores/flow/faiss_0").resolve(VectorFile.NAME)));
    }

    @Test
    void embeddings_of_another_size_than_the_stored_ones_fail_naming_the_store() {
        load(Map.of(), new Letters(2)).upsert(Map.of());

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of(), new Letters(3)).retrieve("otters"));
        assertEquals("vector store faiss_0 (faiss) holds vectors of 2 dimensions, but its embeddings give 3: upsert again "
                + "after changing the embeddings", failure.getMessage());
    }

    private FaissNode load(Map<String, Object> inputs, Embedder embeddings) {
        ExportNode node = ProviderFixture.node("faiss_0", FaissNode.NAME, inputs);
        DocumentLoader loader = overrides -> DOCUMENTS;
        return FaissNode.load(node, new FixedWiring(runtime, loader, embeddings));
    }

    /** Vectors that tell the two documents apart: the first letter's weight, then padding. */
    private record Letters(int dimensions) implements Embedder {
        @Override
        public List<float[]> embed(List<String> texts) {
            return texts.stream().map(text -> {
                float[] vector = new float[dimensions];
                vector[0] = text.startsWith("o") ? 1 : 0;
                vector[1] = text.startsWith("o") ? 0 : 1;
                return vector;
            }).toList();
        }
    }
}
