package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Document loaders as Flowise exports them: files uploaded in the canvas, document stores, loaders left unset. */
class DocumentLoaderNodeTest {

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
    void a_text_file_uploaded_in_flowise_is_read_from_the_export() {
        String upload = "data:text/plain;base64," + base64("Otters hold hands.") + ",filename:otters.txt";

        List<SourceDocument> documents = load("textFile", Map.of("txtFile", upload));

        assertEquals(List.of(new SourceDocument("Otters hold hands.", Map.of("source", "otters.txt"))), documents);
    }

    @Test
    void several_uploaded_files_are_read_in_order() {
        String uploads = "[\"data:text/plain;base64," + base64("one") + ",filename:a.txt\",\"data:text/plain;base64,"
                + base64("two") + ",filename:b.txt\"]";

        assertEquals(List.of("one", "two"), load("textFile", Map.of("txtFile", uploads)).stream()
                .map(SourceDocument::pageContent).toList());
    }

    @Test
    void a_text_file_left_unset_loads_with_no_documents_of_its_own() {
        assertEquals(List.of(), load("textFile", Map.of()));
    }

    @Test
    void an_uploaded_file_that_is_not_text_fails_the_load_naming_it() {
        String upload = "data:application/pdf;base64," + Base64.getEncoder().encodeToString(new byte[]{(byte) 0xC3, 0x28})
                + ",filename:scan.pdf";

        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> load("textFile", Map.of("txtFile", upload)));
        assertEquals("node loader_0 (textFile) input txtFile: uploaded file scan.pdf is not UTF-8 text", failure.getMessage());
    }

    @Test
    void a_document_store_reads_the_files_kept_under_its_id() throws Exception {
        Path store = Files.createDirectories(configDir.resolve("document-stores/b0a5c4e2"));
        Files.writeString(store.resolve("guide.md"), "# Guide\nStreams tokens.");

        List<SourceDocument> documents = load("documentStore", Map.of("selectedStore", "b0a5c4e2"));

        assertEquals(List.of(new SourceDocument("# Guide\nStreams tokens.", Map.of("source", "guide.md"))), documents);
    }

    @Test
    void a_document_store_that_is_not_there_fails_the_load() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> load("documentStore", Map.of("selectedStore", "missing")));
        assertEquals("node loader_0 (documentStore) input selectedStore: no directory document-stores/missing in the "
                + "config directory", failure.getMessage());
    }

    private List<SourceDocument> load(String type, Map<String, Object> inputs) {
        ExportNode node = ProviderFixture.node("loader_0", type, inputs);
        return DocumentLoaderNode.load(node, new NoReferences(runtime)).documents(Map.of());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Wiring for a node whose references are all unset. */
    private record NoReferences(FlowRuntime runtime) implements Wiring {
        @Override
        public String flowId() {
            return "flow";
        }

        @Override
        public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
            return Optional.empty();
        }

        @Override
        public <T> List<T> all(ExportNode node, String input, Role<T> role) {
            return List.of();
        }

        @Override
        public List<String> typesWith(Role<?> role, Capability capability) {
            return List.of();
        }
    }
}
