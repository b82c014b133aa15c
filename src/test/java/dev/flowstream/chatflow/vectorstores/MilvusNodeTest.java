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
import dev.flowstream.testing.MilvusStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The milvus node against a stub of Milvus's documented RESTful API v2: collection creation, insert, search, filter, credentials, dimensions. */
class MilvusNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "loc", Map.of("lines", Map.of("from", 2)))));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final MilvusStub milvus = MilvusStub.start(Optional.of("root:Milvus")).collection("wide", "vector", 1536);
    private final Map<String, String> environment = new HashMap<>(Map.of("MILVUS_USER", "root", "MILVUS_PASSWORD", "Milvus"));
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        milvus.close();
    }

    @Test
    void an_upsert_creates_the_collection_in_langchain_s_layout_then_inserts_rows_with_text_vector_and_metadata() throws Exception {
        environment.clear();
        Files.writeString(configDir.resolve("credentials.json"), "{\"milvusAuth\": {\"milvusUser\": \"root\", \"milvusPassword\": \"Milvus\"}}");

        UpsertResult result = load(Map.of("milvusTextField", "content")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("collections/describe", "collections/create", "entities/insert"), milvus.paths());
        JsonNode tesla = milvus.find("facts").orElseThrow().rows().get(1);
        assertEquals("Tesla makes cars.", tesla.path("content").asText());
        assertEquals(EmbeddingStub.DIMENSIONS, tesla.path("langchain_vector").size());
        assertEquals("tesla", tesla.path("source").asText());
        assertEquals(2, tesla.path("loc").path("lines").path("from").asInt());
    }

    @Test
    void a_question_finds_the_closest_rows_with_their_metadata_and_primary_key() throws Exception {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");

        long id = milvus.find("facts").orElseThrow().rows().get(0).path("langchain_primaryid").asLong();
        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple", "langchain_primaryid", id))), found);
        JsonNode search = milvus.lastBody();
        assertEquals(1, search.path("limit").asInt());
        assertEquals("langchain_vector", search.path("annsField").asText());
        assertEquals("[\"*\"]", search.path("outputFields").toString());
        assertEquals(false, search.has("filter"));
    }

    @Test
    void a_question_keeps_to_the_filter_expression() throws Exception {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("milvusFilter", "source == \"tesla\"")).retrieve("Which company makes phones?");

        assertEquals(List.of("Tesla makes cars."), found.stream().map(SourceDocument::pageContent).toList());
        assertEquals(Map.of("lines", Map.of("from", 2)), found.get(0).metadata().get("loc"));
        assertEquals("source == \"tesla\"", milvus.lastBody().path("filter").asText());
    }

    @Test
    void a_collection_not_loaded_is_loaded_before_the_search() {
        milvus.collection("small", "vector", EmbeddingStub.DIMENSIONS);

        assertEquals(List.of(), load(Map.of("milvusCollection", "small")).retrieve("phones"));
        assertEquals(List.of("collections/describe", "collections/load", "entities/search"), milvus.paths());
    }

    @Test
    void a_question_before_any_upsert_finds_nothing_and_creates_nothing() {
        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
        assertEquals(List.of("collections/describe"), milvus.paths());
    }

    @Test
    void a_collection_of_other_dimensions_fails_naming_both_and_receives_no_row() {
        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("milvusCollection", "wide")).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node milvus_0 (milvus): Milvus collection wide holds vectors of 1536 dimensions, but the flow's embeddings "
                + "node gives 512", failure.getMessage());
        assertEquals(List.of(), milvus.find("wide").orElseThrow().rows());
        assertThrows(ChatflowException.class, () -> load(Map.of("milvusCollection", "wide")).retrieve("phones"));
    }

    @Test
    void wrong_credentials_are_the_provider_s_failure_naming_the_node() {
        environment.put("MILVUS_PASSWORD", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node milvus_0 (milvus): Milvus refused the user and password", failure.getMessage());
    }

    @Test
    void a_filter_milvus_cannot_parse_is_the_provider_s_failure_with_milvus_s_code() {
        load(Map.of()).upsert(Map.of());

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("milvusFilter", "source ~ tesla")).retrieve("phones"));

        assertEquals("node milvus_0 (milvus): Milvus answered code 1100 to entities/search", failure.getMessage());
    }

    @Test
    void a_milvus_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + unused.getLocalPort();
        }
        String url = down;

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("milvusServerUrl", url)).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node milvus_0 (milvus) could not reach Milvus at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void a_blank_server_or_collection_loads_and_fails_the_upsert_naming_the_input() {
        assertEquals("node milvus_0 (milvus) needs the Milvus server's URL in its milvusServerUrl input",
                assertThrows(ChatflowException.class, () -> load(Map.of("milvusServerUrl", "")).upsert(Map.of())).getMessage());
        assertEquals("node milvus_0 (milvus) needs the name of a collection in its milvusCollection input",
                assertThrows(ChatflowException.class, () -> load(Map.of("milvusCollection", "")).retrieve("phones")).getMessage());
        assertEquals(List.of(), milvus.paths());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("milvusServerUrl", "localhost:19530"), "input milvusServerUrl must be a URL like http://localhost:19530, not localhost:19530",
                Map.of("fileUpload", true), "uses fileUpload, which Flowstream does not support yet",
                Map.of("caPemPath", "/etc/ca.pem"), "uses caPemPath, which Flowstream does not support yet",
                Map.of("topK", "-1"), "input topK must be between 1 and 100");
        problems.forEach((inputs, problem) -> assertEquals("node milvus_0 (milvus) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    private MilvusNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("milvusServerUrl", milvus.url(), "milvusCollection", "facts"));
        all.putAll(inputs);
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return MilvusNode.load(ProviderFixture.node("milvus_0", MilvusNode.NAME, all), new FixedWiring(runtime, overrides -> DOCUMENTS, EMBEDDINGS));
    }
}
