package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's "Conversational Retrieval QA Chain" template (flowise 1.8.4) with its store switched to
 * {@code documentStoreVS}, as a user of Flowise's document stores builds it: the store's folder holds
 * its files and {@code store.json} (the store as Flowise's API answers it, configs as JSON strings);
 * the upsert fills the configured faiss store through the configured embeddings, and a question is
 * answered, streamed, with a passage of the folder as its source. Bad settings fail the load naming
 * the node and the file.
 */
class DocumentStoreVsTemplateTest {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@1.8.4/Conversational Retrieval QA Chain.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSAGE = "The handbook says the office opens at nine.";

    @TempDir
    Path configDir;
    private final OpenAiStub model = OpenAiStub.start();
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private DirectoryCatalog catalog;

    @AfterEach
    void stop() {
        if (catalog != null) catalog.close();
        model.close();
        embeddings.close();
    }

    @Test
    void the_upsert_fills_the_store_s_vector_store_from_its_folder_and_a_question_streams_with_sources() throws Exception {
        writeStore("""
                {"id": "handbook", "name": "Handbook", "status": "UPSERTED",
                 "vectorStoreConfig": "{\\"name\\": \\"faiss\\", \\"config\\": {\\"basePath\\": \\"stores/handbook\\", \\"topK\\": \\"2\\"}}",
                 "embeddingConfig": "{\\"name\\": \\"openAIEmbeddings\\", \\"config\\": {\\"basepath\\": \\"%s\\", \\"credential\\": \\"cred-7\\"}}"}
                """.formatted(embeddings.openAiBaseUrl()));
        Chatflow flow = load();

        UpsertResult upserted = flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(1, upserted.numAdded());
        assertTrue(Files.isDirectory(configDir.resolve("stores/handbook")));
        RecordingSink sink = new RecordingSink();
        FlowResult answer = await(flow.run(FlowRequest.of("When does the office open?"), sink));
        assertEquals(List.of(new SourceDocument(PASSAGE, Map.of("source", "hours.md"))), answer.sourceDocuments());
        assertEquals(answer.text(), sink.text());
        assertTrue(sink.tokens().size() > 1, sink.tokens().toString());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
    }

    @Test
    void a_store_without_its_settings_file_fails_the_load_saying_what_to_put_there() throws Exception {
        Files.createDirectories(configDir.resolve("document-stores/handbook"));

        assertEquals("node documentStoreVS_0 (documentStoreVS) needs document-stores/handbook/store.json in the config directory: "
                + "the store's vectorStoreConfig and embeddingConfig, as Flowise's GET /api/v1/document-store/store/handbook "
                + "answers them", failure());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_node() throws Exception {
        Map<String, String> problems = Map.of(
                "[]", "node documentStoreVS_0 (documentStoreVS) document-stores/handbook/store.json must be a JSON object",
                "{\"embeddingConfig\": {\"name\": \"openAIEmbeddings\"}}",
                "node documentStoreVS_0 (documentStoreVS) needs vectorStoreConfig in document-stores/handbook/store.json as "
                        + "{\"name\": <node type>, \"config\": {<inputs>}}",
                "{\"embeddingConfig\": {\"name\": \"openAIEmbeddings\"}, \"vectorStoreConfig\": {\"name\": \"openAIEmbeddings\"}}",
                "node documentStoreVS_0_store (openAIEmbeddings) is not a vector store; Flowstream supports only");
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            writeStore(problem.getKey());
            String message = failure();
            assertTrue(message.startsWith(problem.getValue()), message);
        }
    }

    private String failure() throws Exception {
        ConfigDirs.write(configDir, "handbook-qa", template());
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), Map.<String, String>of()::get);
        String message = catalog.failures().get("handbook-qa");
        catalog.close();
        catalog = null;
        return message;
    }

    private void writeStore(String settings) throws Exception {
        Path folder = Files.createDirectories(configDir.resolve("document-stores/handbook"));
        Files.writeString(folder.resolve("hours.md"), PASSAGE);
        Files.writeString(folder.resolve("store.json"), settings);
    }

    private Chatflow load() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"mistralAIApi\": {\"mistralAIAPIKey\": \"k\"}, "
                + "\"cred-7\": {\"openAIApiKey\": \"sk-test\"}}");
        ConfigDirs.write(configDir, "handbook-qa", template());
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), Map.<String, String>of()::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("handbook-qa").orElseThrow();
    }

    private ObjectNode template() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE).replace("faiss_0", "documentStoreVS_0")
                .replace("\"name\": \"faiss\"", "\"name\": \"documentStoreVS\""));
        ConfigDirs.withInputs(export, "chatMistralAI_0", Map.of("overrideEndpoint", model.baseUrl().replaceAll("/v1$", "")));
        ConfigDirs.withInputs(export, "conversationalRetrievalQAChain_0", Map.of("returnSourceDocuments", true));
        ConfigDirs.withInputs(export, "documentStoreVS_0", Map.of("selectedStore", "handbook"));
        return export;
    }
}
