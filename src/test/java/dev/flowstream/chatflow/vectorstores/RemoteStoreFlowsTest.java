package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.json.Json;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.MilvusStub;
import dev.flowstream.testing.SearchEngineStub;
import dev.flowstream.testing.UpstashStub;
import dev.flowstream.testing.WeaviateStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each store reached over its vendor's REST API (upstash, elasticsearch, openSearch, weaviate,
 * milvus) in the retrieval flow a user builds (plain text split into
 * passages, openAIEmbeddings, the store as the retrievalQAChain's retriever, chatOpenAI), loaded
 * from an export and run against stubs of the store's API and of OpenAI: the upsert API fills the
 * store, and a question's answer streams with the store's best passage as its first source.
 */
class RemoteStoreFlowsTest {

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private EmbeddingStub embeddings;
    private final Map<String, String> environment = new HashMap<>();
    private final UpstashStub upstash = UpstashStub.start("up-token", EmbeddingStub.DIMENSIONS);
    private final SearchEngineStub elastic = SearchEngineStub.elasticsearch(Optional.of("ApiKey es-key"));
    private final SearchEngineStub openSearch = SearchEngineStub.openSearch(Optional.empty());
    private final WeaviateStub weaviate = WeaviateStub.start(Optional.empty());
    private final MilvusStub milvus = MilvusStub.start(Optional.empty());

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        embeddings = EmbeddingStub.start();
        environment.putAll(Map.of("UPSTASH_VECTOR_REST_URL", upstash.url(), "UPSTASH_VECTOR_REST_TOKEN", "up-token",
                "ELASTICSEARCH_URL", elastic.url(), "ELASTICSEARCH_API_KEY", "es-key", "OPENSEARCH_URL", openSearch.url()));
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
        upstash.close();
        elastic.close();
        openSearch.close();
        weaviate.close();
        milvus.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"upstash", "elasticsearch", "openSearch", "weaviate", "milvus"})
    void the_upsert_fills_the_store_and_a_question_is_answered_from_its_best_passage(String store) throws Exception {
        Chatflow flow = flow(store);

        UpsertResult upserted = flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        RecordingSink sink = new RecordingSink();
        FlowResult answer = await(flow.run(FlowRequest.of("Does honey spoil?"), sink));

        assertEquals(3, upserted.numAdded());
        assertEquals("Echo: Does honey spoil?", answer.text());
        assertTrue(answer.sourceDocuments().get(0).pageContent().startsWith("Honey never spoils"), answer.sourceDocuments().toString());
        assertTrue(fixture.sentMessages().get(0).contains("Honey never spoils"), fixture.sentMessages().get(0));
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
    }

    /** The plain text retrieval export with its memory store swapped for {@code store}, configured for its stub. */
    private Chatflow flow(String store) throws Exception {
        String id = store + "_0";
        String text = Json.writer().writeValueAsString(FlowFixture.export("retrieval-qa-plain-text")).replace("memoryVectorStore_0", id);
        ObjectNode export = (ObjectNode) Json.reader().readTree(text);
        export.path("nodes").forEach(node -> {
            if (node.path("id").asText().equals(id)) ((ObjectNode) node.path("data")).put("name", store);
        });
        ConfigDirs.withInputs(export, "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        ConfigDirs.withInputs(export, id, switch (store) {
            case "elasticsearch", "openSearch" -> Map.of("indexName", "facts");
            case "weaviate" -> Map.of("weaviateConnectionType", "local", "weaviateHost", weaviate.host(), "weaviateIndex", "Facts");
            case "milvus" -> Map.of("milvusServerUrl", milvus.url(), "milvusCollection", "facts");
            default -> Map.of();
        });
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get).find("flow").orElseThrow();
    }
}
