package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.config.Settings;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.VectaraStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own "Vectara RAG Chain" template (flowise 1.8.4: a vectara store feeding a
 * vectaraQAChain, no model, no embeddings) with the vectaraApi credential a user would add and a
 * plain text loader, against a stub of Vectara's API v2: the upsert indexes the texts, and a
 * question is answered by Vectara's generation, streamed, its citations renumbered and its cited
 * passages the sources.
 */
class VectaraRagTemplateTest {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@1.8.4/Vectara RAG Chain.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXTS = List.of(
            "Flowstream runs chat flows exported from Flowise.",
            "Flowstream streams answers over socket.io and server-sent events.",
            "Bananas are yellow.");

    @TempDir
    Path configDir;
    private final VectaraStub vectara = VectaraStub.start("vt-key", "docs");
    private DirectoryCatalog catalog;

    @AfterEach
    void stop() {
        if (catalog != null) catalog.close();
        vectara.close();
    }

    @Test
    void the_upsert_indexes_the_texts_and_a_question_streams_vectara_s_answer_with_its_cited_sources() throws Exception {
        Chatflow flow = load();
        assertTrue(flow.streamable());

        UpsertResult upserted = flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(3, upserted.numAdded());
        assertEquals(3, vectara.documents("docs").size());

        RecordingSink sink = new RecordingSink();
        FlowResult answer = await(flow.run(FlowRequest.of("How does Flowstream stream answers?"), sink));

        // the stub cites its results last first: Vectara's [2] is the answer's first citation
        assertEquals(TEXTS.get(0) + " [1] " + TEXTS.get(1) + " [2]", answer.text());
        assertEquals(answer.text(), sink.text());
        assertTrue(sink.tokens().size() > 1, sink.tokens().toString());
        assertEquals(List.of(TEXTS.get(0), TEXTS.get(1)), answer.sourceDocuments().stream().map(SourceDocument::pageContent).toList());
        assertEquals("0", answer.sourceDocuments().get(0).metadata().get("source"));
        List<String> names = sink.names();
        assertEquals(List.of("start", "token"), names.subList(0, 2));
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        JsonNode query = vectara.lastBody();
        assertEquals("vectara-experimental-summary-ext-2023-10-23-small", query.path("generation").path("generation_preset_name").asText());
        assertEquals("eng", query.path("generation").path("response_language").asText());
        assertEquals(2, query.path("generation").path("max_used_search_results").asInt());
        assertTrue(query.path("stream_response").asBoolean());
        assertEquals(5, query.path("search").path("limit").asInt());
    }

    @Test
    void a_generation_vectara_fails_mid_answer_is_the_provider_s_failure_naming_the_store() throws Exception {
        Chatflow flow = load();
        flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        vectara.failGeneration();

        ChatflowException failed = failure(flow.run(FlowRequest.of("How does Flowstream stream answers?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertEquals("node vectara_1 (vectara): Vectara reported an error while answering (is the summarizer one your account "
                + "offers?)", failed.getMessage());
    }

    @Test
    void a_generation_that_falls_silent_is_a_timeout_naming_the_store() throws Exception {
        Chatflow flow = load(ConfigDirs.settings(Duration.ofSeconds(10), Duration.ofMillis(300)));
        vectara.stallGeneration();

        ChatflowException failed = failure(flow.run(FlowRequest.of("anything"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.TIMEOUT, failed.kind());
        assertEquals("node vectara_1 (vectara): Vectara went silent for 300 ms", failed.getMessage());
    }

    @Test
    void a_wrong_key_fails_the_question_as_the_provider_s_failure_naming_the_store() throws Exception {
        Chatflow flow = load("{\"vectaraApi\": {\"apiKey\": \"wrong\", \"corpusID\": \"docs\"}}");

        ChatflowException failed = failure(flow.run(FlowRequest.of("anything"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertEquals("node vectara_1 (vectara): Vectara answered HTTP 401 to POST /v2/query", failed.getMessage());
    }

    @Test
    void a_chain_whose_store_is_not_vectara_does_not_load() throws Exception {
        ObjectNode export = template();
        ObjectNode memory = export.withArray("nodes").addObject().put("id", "memoryVectorStore_0");
        memory.putObject("data").put("id", "memoryVectorStore_0").put("name", "memoryVectorStore").put("label", "Memory")
                .putObject("inputs").put("embeddings", "{{openAIEmbeddings_0.data.instance}}")
                .putArray("document").add("{{plainText_0.data.instance}}");
        ObjectNode embeddings = export.withArray("nodes").addObject().put("id", "openAIEmbeddings_0");
        embeddings.putObject("data").put("id", "openAIEmbeddings_0").put("name", "openAIEmbeddings").put("label", "Embeddings")
                .putObject("inputs");
        ConfigDirs.withInputs(export, "vectaraQAChain_0", Map.of("vectaraStore", "{{memoryVectorStore_0.data.instance}}"));
        export.withArray("edges").addObject().put("source", "openAIEmbeddings_0").put("target", "memoryVectorStore_0").put("id", "e1");
        export.withArray("edges").addObject().put("source", "memoryVectorStore_0").put("target", "vectaraQAChain_0").put("id", "e2");
        ConfigDirs.write(configDir, "vectara", export);
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), Map.of("VECTARA_BASE_URL", vectara.url())::get);

        assertEquals("node vectaraQAChain_0 (vectaraQAChain) input vectaraStore is connected to node memoryVectorStore_0 of type "
                + "memoryVectorStore; Flowstream supports only a Vectara vector store there (vectara)", catalog.failures().get("vectara"));
    }

    @Test
    void bad_chain_settings_fail_the_load_naming_the_input() throws Exception {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("maxSummarizedResults", 0), "input maxSummarizedResults must be between 1 and 100",
                Map.of("maxSummarizedResults", "many"), "input maxSummarizedResults must be a number",
                Map.of("inputModeration", List.of("{{inputModerationOpenAI_0.data.instance}}")),
                "input inputModeration references node inputModerationOpenAI_0, which is not in the export");
        int flow = 0;
        for (Map.Entry<Map<String, Object>, String> problem : problems.entrySet()) {
            ConfigDirs.write(configDir, "bad" + flow++, ConfigDirs.withInputs(template(), "vectaraQAChain_0", problem.getKey()));
        }
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), Map.of("VECTARA_BASE_URL", vectara.url())::get);

        assertEquals(problems.values().stream().map(problem -> "node vectaraQAChain_0 (vectaraQAChain) " + problem).sorted().toList(),
                catalog.failures().values().stream().sorted().toList());
    }

    private Chatflow load() throws Exception {
        return load(ConfigDirs.settings());
    }

    private Chatflow load(Settings settings) throws Exception {
        return load("{\"vectaraApi\": {\"apiKey\": \"vt-key\", \"customerID\": \"1234\", \"corpusID\": \"docs\"}}", settings);
    }

    private Chatflow load(String credentials) throws Exception {
        return load(credentials, ConfigDirs.settings());
    }

    private Chatflow load(String credentials, Settings settings) throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), credentials);
        ConfigDirs.write(configDir, "vectara", template());
        catalog = DirectoryCatalog.open(configDir, settings, Map.of("VECTARA_BASE_URL", vectara.url())::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("vectara").orElseThrow();
    }

    /** The template as Flowise ships it, with a plain text loader of the texts (each its index as source). */
    private ObjectNode template() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE));
        ConfigDirs.withInputs(export, "vectaraQAChain_0", Map.of("maxSummarizedResults", 2));
        for (int i = 0; i < TEXTS.size(); i++) {
            String loader = "plainText_" + i;
            ObjectNode node = export.withArray("nodes").addObject().put("id", loader);
            ObjectNode data = node.putObject("data").put("id", loader).put("name", "plainText").put("label", "Plain Text");
            data.putObject("inputs").put("text", TEXTS.get(i)).put("metadata", "{\"source\": \"" + i + "\"}");
            export.withArray("edges").addObject().put("source", loader).put("target", "vectara_1").put("id", loader + "-vectara_1");
        }
        ConfigDirs.withInputs(export, "vectara_1", Map.of("document",
                List.of("{{plainText_0.data.instance}}", "{{plainText_1.data.instance}}", "{{plainText_2.data.instance}}")));
        return export;
    }
}
