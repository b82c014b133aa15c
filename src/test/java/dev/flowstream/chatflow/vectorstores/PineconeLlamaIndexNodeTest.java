package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.graph.NodeRegistry;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PineconeStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** pineconeLlamaIndex against stubs of Pinecone's and OpenAI's documented APIs: LlamaIndex's nodes in, query and fetch out. */
class PineconeLlamaIndexNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.\nThey sell well.", Map.of("source", "apple")),
            new SourceDocument("", Map.of("source", "empty")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "year", "2022")));

    @TempDir
    Path configDir;
    private final PineconeStub pinecone = PineconeStub.start("pc-key");
    private final EmbeddingStub embeddingServer = EmbeddingStub.start();
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;
    private List<SourceDocument> documents = DOCUMENTS;

    @BeforeEach
    void start() {
        environment.put("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl());
        environment.put("PINECONE_API_KEY", "pc-key");
    }

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        pinecone.close();
        embeddingServer.close();
    }

    @Test
    void an_upsert_stores_llamaindex_s_nodes_of_each_document_with_text_embedded_with_their_metadata() {
        UpsertResult result = load(Map.of("pineconeIndex", "facts", "pineconeNamespace", "ns")).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of(DOCUMENTS.get(0), DOCUMENTS.get(2)), result.addedDocs());
        assertEquals(List.of(List.of("source: apple\n\nApple makes phones. They sell well.",
                "source: tesla\nyear: 2022\n\nTesla makes cars.")),
                embeddingServer.requests().stream().map(EmbeddingStub.Request::inputs).toList());
        List<JsonNode> stored = pinecone.vectors("ns");
        assertEquals(List.of("Apple makes phones. They sell well.", "Tesla makes cars."),
                stored.stream().map(vector -> vector.path("metadata").path("text").asText()).toList());
        assertEquals("2022", stored.get(1).path("metadata").path("year").asText());
    }

    @Test
    void texts_are_embedded_ten_at_a_time_and_stored_in_batches_of_pinecone_chunk_size() {
        documents = IntStream.range(0, 25).mapToObj(i -> new SourceDocument("Fact " + i + ".", Map.of())).toList();
        environment.put("PINECONE_CHUNK_SIZE", "10");

        load(Map.of("pineconeIndex", "facts")).upsert(Map.of());

        assertEquals(List.of(10, 10, 5), embeddingServer.requests().stream().map(request -> request.inputs().size()).toList());
        assertEquals(3, pinecone.paths().stream().filter("POST /vectors/upsert"::equals).count());
        assertEquals(25, pinecone.vectors("").size());
    }

    @Test
    void a_question_queries_the_top_k_within_the_filter_then_fetches_those_records() throws Exception {
        load(Map.of("pineconeIndex", "facts")).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("pineconeIndex", "facts", "pineconeMetadataFilter", "{\"source\":\"tesla\"}",
                "topK", "1")).retrieve("Who makes phones?");

        assertEquals(List.of(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla", "year", "2022"))), found);
        List<String> paths = pinecone.paths();
        assertEquals(List.of("POST /query", "GET /vectors/fetch"), paths.subList(paths.size() - 2, paths.size()));
        assertEquals("Who makes phones?", embeddingServer.requests().get(1).inputs().get(0));
    }

    @Test
    void the_query_asks_four_matches_without_their_metadata_and_an_empty_filter_is_no_filter() {
        PineconeLlamaIndexNode node = load(Map.of("pineconeIndex", "facts", "pineconeMetadataFilter", "{}"));
        node.upsert(Map.of());

        List<SourceDocument> found = node.retrieve("phones");

        assertEquals(2, found.size());
        JsonNode query = pinecone.lastQuery();
        assertEquals(4, query.path("topK").asInt());
        assertFalse(query.has("filter"), query.toString());
        assertFalse(query.has("includeMetadata"), query.toString());
    }

    @Test
    void without_an_index_the_node_loads_and_each_use_fails_naming_the_input() {
        PineconeLlamaIndexNode node = load(Map.of("pineconeIndex", ""));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> node.retrieve("phones"));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node pineconeLlamaIndex_0 (pineconeLlamaIndex) needs the name of a Pinecone index in its pineconeIndex input",
                failure.getMessage());
        assertEquals(List.of(), pinecone.paths());
    }

    @Test
    void a_filter_that_is_not_an_object_or_no_embeddings_fail_the_load_naming_the_input() {
        assertEquals("node pineconeLlamaIndex_0 (pineconeLlamaIndex) input pineconeMetadataFilter must be a JSON object",
                assertThrows(RuntimeException.class, () -> load(Map.of("pineconeMetadataFilter", "[1]"))).getMessage());
        assertEquals("node pineconeLlamaIndex_0 (pineconeLlamaIndex) needs an embeddings node connected to its embeddings input",
                assertThrows(RuntimeException.class, () -> PineconeLlamaIndexNode.load(
                        ProviderFixture.node("pineconeLlamaIndex_0", PineconeLlamaIndexNode.NAME, Map.of()),
                        new FixedWiring(runtime(), overrides -> documents, null))).getMessage());
    }

    private PineconeLlamaIndexNode load(Map<String, Object> inputs) {
        DocumentLoader loader = overrides -> documents;
        return PineconeLlamaIndexNode.load(ProviderFixture.node("pineconeLlamaIndex_0", PineconeLlamaIndexNode.NAME, inputs),
                new FixedWiring(runtime(), loader, embeddings()));
    }

    private Embedder embeddings() {
        return (Embedder) NodeRegistry.flowstream().type("openAIEmbedding_LlamaIndex").orElseThrow().loader().load(
                ProviderFixture.node("openAIEmbedding_LlamaIndex_0", "openAIEmbedding_LlamaIndex",
                        Map.of("basepath", embeddingServer.openAiBaseUrl())), new FixedWiring(runtime(), null, null));
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return runtime;
    }
}
