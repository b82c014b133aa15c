package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plainText/textFile → splitter → openAIEmbeddings → memoryVectorStore → retrievalQAChain exports, against the stubs. */
class RetrievalQaFlowTest {

    static final String EIFFEL = "The Eiffel Tower grows about fifteen centimetres taller in summer heat.";
    static final String FACTS = "Otters hold hands while they sleep so that they do not drift apart.\n\n" + EIFFEL
            + "\n\nHoney never spoils: jars found in Egyptian tombs were still edible.";

    @TempDir
    Path root;
    private Path configDir;
    private FlowFixture fixture;
    private EmbeddingStub embeddings;

    @BeforeEach
    void start() throws Exception {
        configDir = Files.createDirectories(root.resolve("config"));
        fixture = new FlowFixture(configDir);
        embeddings = EmbeddingStub.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
    }

    @Test
    void the_answer_streams_with_the_best_matching_passage_first_in_the_context_the_model_received() throws Exception {
        Chatflow flow = flow(export("retrieval-qa-plain-text"));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("Why does the Eiffel Tower grow taller?"), sink));

        assertTrue(flow.streamable());
        assertEquals("Echo: Why does the Eiffel Tower grow taller?", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals("start", sink.names().get(0));
        assertEquals("end", sink.names().get(sink.names().size() - 1));
        List<String> sent = fixture.sentMessages();
        assertEquals(2, sent.size(), sent.toString());
        assertTrue(sent.get(0).startsWith("system: " + RetrievalQaChainNode.SYSTEM + EIFFEL + "\n\n"), sent.get(0));
        assertEquals("user: Why does the Eiffel Tower grow taller?", sent.get(1));
    }

    @Test
    void the_retrieved_documents_are_streamed_after_the_tokens_and_returned_in_the_answer() throws Exception {
        Chatflow flow = flow(export("retrieval-qa-plain-text"));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("Does honey spoil?"), sink));

        assertFalse(result.sourceDocuments().isEmpty());
        assertTrue(result.sourceDocuments().get(0).pageContent().toLowerCase().contains("honey"),
                result.sourceDocuments().toString());
        List<String> names = sink.names();
        assertEquals(1, sink.count("sourceDocuments"));
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()), names.toString());
    }

    @Test
    void the_documents_are_embedded_once_at_load_and_each_question_once_per_run() throws Exception {
        Chatflow flow = flow(export("retrieval-qa-plain-text"));

        await(flow.run(FlowRequest.of("otters"), new RecordingSink()));
        await(flow.run(FlowRequest.of("honey"), new RecordingSink()));

        List<EmbeddingStub.Request> requests = embeddings.requests();
        assertEquals(3, requests.size(), requests.toString());
        assertEquals(List.of(FACTS.split("\n\n")), List.of(requests.get(0).inputs().toArray()));
        assertEquals(List.of("otters"), requests.get(1).inputs());
        assertEquals(List.of("honey"), requests.get(2).inputs());
        assertEquals("text-embedding-3-small", requests.get(0).model());
    }

    @Test
    void a_text_file_under_the_config_directory_is_loaded_whole_without_a_splitter() throws Exception {
        Files.createDirectories(configDir.resolve("notes"));
        Files.writeString(configDir.resolve("notes/facts.txt"), FACTS);
        Chatflow flow = flow(export("retrieval-qa-text-file"));

        await(flow.run(FlowRequest.of("Does honey spoil?"), new RecordingSink()));

        assertEquals("system: " + RetrievalQaChainNode.SYSTEM + FACTS, fixture.sentMessages().get(0));
    }

    @Test
    void a_text_file_path_leaving_the_config_directory_fails_the_load_naming_the_node() throws Exception {
        Files.writeString(root.resolve("secret.txt"), "not for flows");
        Files.createDirectories(configDir.resolve("notes"));
        Files.createSymbolicLink(configDir.resolve("notes/link.txt"), root.resolve("secret.txt"));

        for (String path : List.of("../secret.txt", root.resolve("secret.txt").toString(), "notes/link.txt")) {
            ObjectNode export = ConfigDirs.withInputs(export("retrieval-qa-text-file"), "textFile_0", Map.of("txtFile", path));

            DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000));

            assertEquals("node textFile_0 (textFile) input txtFile must name a path inside the config directory, not "
                    + path, catalog.failures().get("flow"));
            assertTrue(catalog.find("flow").isEmpty());
        }
        assertEquals(List.of(), embeddings.requests());
    }

    @Test
    void documents_that_cannot_be_embedded_fail_the_prediction_naming_the_embeddings_node() {
        String unreachable = embeddings.openAiBaseUrl();
        embeddings.close();
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("retrieval-qa-plain-text"), "openAIEmbeddings_0",
                Map.of("basepath", unreachable));
        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000));
        assertEquals(Map.of(), catalog.failures());

        ChatflowException failure = FlowFixture.failure(catalog.find("flow").orElseThrow()
                .run(FlowRequest.of("Does honey spoil?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().startsWith("embeddings node openAIEmbeddings_0 (openAIEmbeddings) failed"),
                failure.getMessage());
    }

    private ObjectNode export(String name) {
        return ConfigDirs.withInputs(FlowFixture.export(name), "openAIEmbeddings_0",
                Map.of("basepath", embeddings.openAiBaseUrl()));
    }

    private Chatflow flow(ObjectNode export) {
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }
}
