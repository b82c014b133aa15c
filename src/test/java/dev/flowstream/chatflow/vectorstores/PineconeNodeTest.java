package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PineconeStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pinecone node against a stub of Pinecone's documented REST API: upsert, query, filter, key, a store that is down. */
class PineconeNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();

    @TempDir
    Path configDir;
    private final PineconeStub pinecone = PineconeStub.start("pc-key");
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        environment.put("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl());
        environment.put("PINECONE_API_KEY", "pc-key");
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
    }

    @AfterEach
    void stop() {
        runtime.close();
        pinecone.close();
    }

    @Test
    void an_upsert_sends_each_document_s_vector_with_its_text_in_the_metadata_to_the_namespace() throws Exception {
        UpsertResult result = load(Map.of("pineconeIndex", "newindex", "pineconeNamespace", "form10k")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("GET /indexes/newindex", "POST /vectors/upsert"), pinecone.paths());
        assertEquals(2, pinecone.vectors("form10k").size());
        assertEquals("Apple makes phones.", pinecone.vectors("form10k").get(0).path("metadata").path("text").asText());
        assertEquals("pc-key", pinecone.lastHeader("Api-Key").orElseThrow());
    }

    @Test
    void nested_metadata_such_as_a_pdf_page_s_is_sent_flattened_as_pinecone_requires() throws Exception {
        SourceDocument page = new SourceDocument("Otters hold hands.", Map.of("source", "report.pdf", "tags", List.of("marine"),
                "pdf", Map.of("info", Map.of("Title", "Otters"), "totalPages", 3), "loc", Map.of("pageNumber", 2)));
        ExportNode node = ProviderFixture.node("pinecone_0", PineconeNode.NAME, Map.of("pineconeIndex", "newindex"));
        DocumentLoader loader = overrides -> List.of(page);

        PineconeNode.load(node, new FixedWiring(runtime, loader, EMBEDDINGS)).upsert(Map.of());

        JsonNode metadata = pinecone.vectors("").get(0).path("metadata");
        assertEquals(2, metadata.path("loc.pageNumber").asInt(), metadata.toString());
        assertEquals("Otters", metadata.path("pdf.info.Title").asText());
        assertEquals(3, metadata.path("pdf.totalPages").asInt());
        assertEquals("[\"marine\"]", metadata.path("tags").toString());
        assertEquals("report.pdf", metadata.path("source").asText());
    }

    @Test
    void a_question_finds_the_closest_documents_within_the_metadata_filter() throws Exception {
        load(Map.of("pineconeIndex", "newindex")).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("pineconeIndex", "newindex", "pineconeMetadataFilter", "{\"source\":\"tesla\"}",
                "topK", "1")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla"))), found);
        assertEquals("tesla", pinecone.lastBody().path("filter").path("source").asText());
        assertEquals(1, pinecone.lastBody().path("topK").asInt());
    }

    @Test
    void mmr_asks_for_fetch_k_matches_with_their_values_and_keeps_top_k_of_them() throws Exception {
        load(Map.of("pineconeIndex", "newindex")).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("pineconeIndex", "newindex", "searchType", "mmr", "fetchK", "2", "topK", "1",
                "lambda", "0.5")).retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple"))), found);
        assertEquals(2, pinecone.lastBody().path("topK").asInt());
        assertEquals(true, pinecone.lastBody().path("includeValues").asBoolean());
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        environment.put("PINECONE_API_KEY", "wrong");
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("pineconeIndex", "newindex")).retrieve("phones"));
        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node pinecone_0 (pinecone): Pinecone answered HTTP 401 to GET /indexes/newindex", failure.getMessage());
    }

    @Test
    void a_pinecone_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        try (ServerSocket unused = new ServerSocket(0)) {
            environment.put("PINECONE_CONTROLLER_HOST", "http://127.0.0.1:" + unused.getLocalPort());
        }
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("pineconeIndex", "newindex")).upsert(Map.of()));
        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node pinecone_0 (pinecone) could not reach Pinecone at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void without_an_index_name_the_flow_loads_and_its_upsert_fails_naming_the_input() {
        PineconeNode store = load(Map.of("pineconeIndex", ""));
        ChatflowException failure = assertThrows(ChatflowException.class, () -> store.upsert(Map.of()));
        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node pinecone_0 (pinecone) needs the name of a Pinecone index in its pineconeIndex input", failure.getMessage());
        assertEquals(List.of(), pinecone.paths());
    }

    private PineconeNode load(Map<String, Object> inputs) {
        ExportNode node = ProviderFixture.node("pinecone_0", PineconeNode.NAME, inputs);
        DocumentLoader loader = overrides -> DOCUMENTS;
        return PineconeNode.load(node, new FixedWiring(runtime, loader, EMBEDDINGS));
    }
}
