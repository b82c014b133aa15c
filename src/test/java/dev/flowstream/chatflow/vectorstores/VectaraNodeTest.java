package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.VectaraStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The vectara node against a stub of Vectara's documented REST API v2: indexing, its own search, filter, MMR, key, corpus. */
class VectaraNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones and laptops.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars and batteries.", Map.of("source", "tesla")),
            new SourceDocument("", Map.of("source", "empty")));

    @TempDir
    Path configDir;
    private final VectaraStub vectara = VectaraStub.start("vt-key", "facts", "more");
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        vectara.close();
    }

    @Test
    void an_upsert_indexes_each_passage_as_a_core_document_of_the_credential_s_corpus() throws Exception {
        credential("facts");

        UpsertResult result = load(Map.of()).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("POST /v2/corpora/facts/documents", "POST /v2/corpora/facts/documents"), vectara.paths());
        JsonNode tesla = vectara.documents("facts").get(1);
        assertEquals("Tesla makes cars and batteries.", tesla.path("document_parts").path(0).path("text").asText());
        assertEquals("tesla", tesla.path("metadata").path("source").asText());
        assertEquals("vt-key", vectara.lastHeader("x-api-key").orElseThrow());
    }

    @Test
    void a_question_is_searched_by_vectara_with_the_node_s_context_lambda_and_top_k() throws Exception {
        credential("facts");
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1", "sentencesBefore", 3, "lambda", "0.4")).retrieve("Who makes phones?");

        assertEquals(List.of(new SourceDocument("Apple makes phones and laptops.", Map.of("source", "apple",
                "document_id", vectara.documents("facts").get(0).path("id").asText()))), found);
        JsonNode search = vectara.lastBody().path("search");
        assertEquals("POST /v2/query", vectara.paths().get(vectara.paths().size() - 1));
        assertEquals("Who makes phones?", vectara.lastBody().path("query").asText());
        assertEquals(1, search.path("limit").asInt());
        assertEquals(3, search.path("context_configuration").path("sentences_before").asInt());
        assertEquals(2, search.path("context_configuration").path("sentences_after").asInt());
        assertEquals(0.4, search.path("corpora").path(0).path("lexical_interpolation").asDouble());
        assertEquals("facts", search.path("corpora").path(0).path("corpus_key").asText());
    }

    @Test
    void a_question_keeps_to_the_metadata_filter() throws Exception {
        credential("facts");
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("filter", "doc.source = 'tesla'")).retrieve("Who makes phones?");

        assertEquals(List.of("Tesla makes cars and batteries."), found.stream().map(SourceDocument::pageContent).toList());
        assertEquals("doc.source = 'tesla'", vectara.lastBody().path("search").path("corpora").path(0).path("metadata_filter").asText());
    }

    @Test
    void a_diversity_bias_asks_vectara_s_mmr_reranker_over_mmr_k_candidates_for_top_k() throws Exception {
        credential("facts");

        load(Map.of("mmrDiversityBias", "0.3", "mmrK", "20", "topK", "2")).retrieve("phones");

        JsonNode search = vectara.lastBody().path("search");
        assertEquals(20, search.path("limit").asInt());
        assertEquals("mmr", search.path("reranker").path("type").asText());
        assertEquals(0.3, search.path("reranker").path("diversity_bias").asDouble());
        assertEquals(2, search.path("reranker").path("limit").asInt());
        credential("facts");
        load(Map.of()).retrieve("phones");
        assertEquals(5, vectara.lastBody().path("search").path("limit").asInt());
        assertEquals(0.025, vectara.lastBody().path("search").path("corpora").path(0).path("lexical_interpolation").asDouble());
        assertEquals(false, vectara.lastBody().path("search").has("reranker"));
    }

    @Test
    void a_question_searches_every_corpus_of_the_credential_but_an_upsert_needs_one() throws Exception {
        credential("facts, more");

        load(Map.of()).retrieve("phones");
        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        List<String> keys = new ArrayList<>();
        vectara.lastBody().path("search").path("corpora").forEach(corpus -> keys.add(corpus.path("corpus_key").asText()));
        assertEquals(List.of("facts", "more"), keys);
        assertEquals("node vectara_0 (vectara) can index into one corpus only, not facts, more", failure.getMessage());
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        environment.putAll(Map.of("VECTARA_API_KEY", "wrong", "VECTARA_CORPUS_KEY", "facts"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node vectara_0 (vectara): Vectara answered HTTP 401 to POST /v2/query", failure.getMessage());
    }

    @Test
    void an_unknown_corpus_fails_the_upsert_naming_the_node() {
        environment.putAll(Map.of("VECTARA_API_KEY", "vt-key", "VECTARA_CORPUS_KEY", "nowhere"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node vectara_0 (vectara): Vectara answered HTTP 404 to POST /v2/corpora/nowhere/documents", failure.getMessage());
    }

    @Test
    void a_vectara_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        try (ServerSocket unused = new ServerSocket(0)) {
            environment.put("VECTARA_BASE_URL", "http://127.0.0.1:" + unused.getLocalPort());
        }
        environment.putAll(Map.of("VECTARA_API_KEY", "vt-key", "VECTARA_CORPUS_KEY", "facts"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node vectara_0 (vectara) could not reach Vectara at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void a_missing_key_or_corpus_fails_the_upsert_and_the_question_saying_where_to_set_it() {
        environment.put("VECTARA_CORPUS_KEY", "facts");
        assertEquals("node vectara_0 (vectara) has no API key: set apiKey in the vectaraApi credential or VECTARA_API_KEY",
                assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of())).getMessage());
        environment.remove("VECTARA_CORPUS_KEY");
        environment.put("VECTARA_API_KEY", "vt-key");
        assertEquals("node vectara_0 (vectara) needs a corpus key: set corpusID in the vectaraApi credential or VECTARA_CORPUS_KEY",
                assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        assertEquals(List.of(), vectara.paths());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("topK", "0"), "input topK must be between 1 and 1000",
                Map.of("lambda", "2"), "input lambda must be between 0 and 1",
                Map.of("mmrDiversityBias", "-0.5"), "input mmrDiversityBias must be between 0 and 1",
                Map.of("mmrK", "x"), "input mmrK must be a number",
                Map.of("file", "data:application/pdf;base64,AAAA,filename:a.pdf"), "uses file, which Flowstream does not support yet");
        problems.forEach((inputs, problem) -> assertEquals("node vectara_0 (vectara) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private void credential(String corpora) throws Exception {
        Files.writeString(configDir.resolve("credentials.json"),
                "{\"vectaraApi\": {\"apiKey\": \"vt-key\", \"customerID\": \"1\", \"corpusID\": \"" + corpora + "\"}}");
        if (runtime != null) runtime.close();
        runtime = null;
    }

    VectaraNode load(Map<String, Object> inputs) {
        environment.putIfAbsent("VECTARA_BASE_URL", vectara.url());
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return VectaraNode.load(ProviderFixture.node("vectara_0", VectaraNode.NAME, inputs),
                new FixedWiring(runtime, overrides -> DOCUMENTS, null));
    }
}
