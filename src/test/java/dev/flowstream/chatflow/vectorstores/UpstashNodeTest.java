package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.UpstashStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The upstash node against a stub of Upstash Vector's documented REST API: upsert, query, filter, token, dimensions. */
class UpstashNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final UpstashStub upstash = UpstashStub.start("up-token", EmbeddingStub.DIMENSIONS);
    private final UpstashStub wide = UpstashStub.start("up-token", 1536);
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        upstash.close();
        wide.close();
    }

    @Test
    void an_upsert_sends_each_vector_with_its_metadata_and_text_to_the_credential_s_index() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"upstashVectorApi\": {\"UPSTASH_VECTOR_REST_URL\": \""
                + upstash.url() + "\", \"UPSTASH_VECTOR_REST_TOKEN\": \"up-token\"}}");

        UpsertResult result = load(Map.of()).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("POST /upsert"), upstash.paths());
        JsonNode tesla = upstash.vectors().get(1);
        assertEquals("Tesla makes cars.", tesla.path("metadata").path("_pageContentLC").asText());
        assertEquals("tesla", tesla.path("metadata").path("source").asText());
        assertEquals(EmbeddingStub.DIMENSIONS, tesla.path("vector").size());
        assertEquals("Bearer up-token", upstash.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void a_question_finds_the_closest_with_their_metadata_and_text() throws Exception {
        environment(upstash);
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple"))), found);
        JsonNode query = upstash.lastBody();
        assertEquals(1, query.path("topK").asInt());
        assertEquals(true, query.path("includeMetadata").asBoolean());
        assertEquals(false, query.has("filter"));
    }

    @Test
    void a_question_keeps_to_the_metadata_filter() throws Exception {
        environment(upstash);
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("upstashMetadataFilter", "source = 'tesla'")).retrieve("Which company makes phones?");

        assertEquals(List.of("Tesla makes cars."), found.stream().map(SourceDocument::pageContent).toList());
        assertEquals("source = 'tesla'", upstash.lastBody().path("filter").asText());
    }

    @Test
    void an_index_of_other_dimensions_fails_naming_both_lengths_and_the_embeddings() {
        environment(wide);

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node upstash_0 (upstash): the Upstash Vector index holds vectors of 1536 dimensions, but the flow's "
                + "embeddings node gives 512", failure.getMessage());
        assertEquals(List.of(), wide.vectors());
    }

    @Test
    void a_wrong_token_is_the_provider_s_failure_naming_the_node() {
        environment(upstash);
        environment.put("UPSTASH_VECTOR_REST_TOKEN", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node upstash_0 (upstash): Upstash Vector answered HTTP 401 to POST /query", failure.getMessage());
    }

    @Test
    void an_upstash_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        try (ServerSocket unused = new ServerSocket(0)) {
            environment.put("UPSTASH_VECTOR_REST_URL", "http://127.0.0.1:" + unused.getLocalPort());
        }
        environment.put("UPSTASH_VECTOR_REST_TOKEN", "up-token");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node upstash_0 (upstash) could not reach Upstash Vector at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void a_missing_url_or_token_fails_the_upsert_and_the_question_saying_where_to_set_it() {
        assertEquals("node upstash_0 (upstash) needs the index's REST URL: set UPSTASH_VECTOR_REST_URL in the upstashVectorApi "
                + "credential or UPSTASH_VECTOR_REST_URL", assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of())).getMessage());
        environment.put("UPSTASH_VECTOR_REST_URL", upstash.url());
        assertEquals("node upstash_0 (upstash) needs the index's REST token: set UPSTASH_VECTOR_REST_TOKEN in the upstashVectorApi "
                + "credential or UPSTASH_VECTOR_REST_TOKEN", assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        environment.put("UPSTASH_VECTOR_REST_URL", "upstash.io");
        assertEquals("node upstash_0 (upstash) needs the index's REST URL as a URL like https://<index>.upstash.io in "
                + "UPSTASH_VECTOR_REST_URL of the upstashVectorApi credential or UPSTASH_VECTOR_REST_URL",
                assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones")).getMessage());
        assertEquals(List.of(), upstash.paths());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("topK", "0"), "input topK must be between 1 and 100",
                Map.of("fileUpload", true), "uses fileUpload, which Flowstream does not support yet",
                Map.of("recordManager", "{{postgresRecordManager_0.data.instance}}"), "uses recordManager, which Flowstream does not support yet");
        problems.forEach((inputs, problem) -> assertEquals("node upstash_0 (upstash) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private void environment(UpstashStub index) {
        environment.putAll(Map.of("UPSTASH_VECTOR_REST_URL", index.url(), "UPSTASH_VECTOR_REST_TOKEN", "up-token"));
    }

    private UpstashNode load(Map<String, Object> inputs) {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return UpstashNode.load(ProviderFixture.node("upstash_0", UpstashNode.NAME, inputs), new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
    }
}
