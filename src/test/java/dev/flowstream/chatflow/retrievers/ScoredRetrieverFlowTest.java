package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.RerankStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The score-based and rerank retrievers inside a flow, as a Flowise export wires them: plainText →
 * memoryVectorStore (topK 2) → the retriever → retrievalQAChain, against the embedding, rerank and
 * model stubs.
 */
class ScoredRetrieverFlowTest {

    private static final String HONEY = "Honey never spoils: jars found in Egyptian tombs were still edible.";

    private final FlowFixture fixture;
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final RerankStub cohere = RerankStub.cohere("co-key");

    ScoredRetrieverFlowTest(@TempDir Path configDir) {
        this.fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
        cohere.close();
    }

    @Test
    void the_threshold_retriever_gives_the_chain_only_the_passages_that_score_high_enough() throws Exception {
        Chatflow flow = flow(between("similarityThresholdRetriever_0", "similarityThresholdRetriever", "vectorStore",
                Map.of("minSimilarityScore", "30", "maxK", "20", "kIncrement", "2")), Map.of());

        FlowResult result = await(flow.run(FlowRequest.of("Honey never spoils?"), new RecordingSink()));

        assertEquals(List.of(HONEY), result.sourceDocuments().stream().map(SourceDocument::pageContent).toList());
    }

    @Test
    void the_rerank_retriever_gives_the_chain_the_store_s_passages_in_the_provider_s_order_with_their_scores() throws Exception {
        Chatflow flow = flow(between("cohereRerankRetriever_0", "cohereRerankRetriever", "baseRetriever",
                Map.of("basepath", cohere.url(), "topK", "1")), Map.of("COHERE_API_KEY", "co-key"));

        FlowResult result = await(flow.run(FlowRequest.of("Honey never spoils?"), new RecordingSink()));

        assertEquals(1, result.sourceDocuments().size());
        assertEquals(HONEY, result.sourceDocuments().get(0).pageContent());
        assertTrue(result.sourceDocuments().get(0).metadata().containsKey("relevance_score"), result.sourceDocuments().toString());
        assertEquals(2, cohere.lastBody().path("documents").size(), "the store's topK passages are sent to be ranked");
    }

    @Test
    void a_rerank_provider_that_is_down_fails_the_question_as_the_provider_s_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + unused.getLocalPort();
        }
        Chatflow flow = flow(between("cohereRerankRetriever_0", "cohereRerankRetriever", "baseRetriever",
                Map.of("basepath", down)), Map.of("COHERE_API_KEY", "co-key"));

        ChatflowException failure = FlowFixture.failure(flow.run(FlowRequest.of("Honey never spoils?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().startsWith("node cohereRerankRetriever_0 (cohereRerankRetriever) could not reach Cohere"),
                failure.getMessage());
    }

    @Test
    void a_threshold_retriever_on_a_retriever_that_is_no_vector_store_fails_the_load_naming_the_input() {
        ObjectNode export = between("similarityThresholdRetriever_0", "similarityThresholdRetriever", "vectorStore", Map.of());
        ObjectNode threshold = nodeOf(export, "similarityThresholdRetriever_0");
        ((ObjectNode) threshold.path("data").path("inputs")).put("vectorStore", "{{retrievalQAChain_0.data.instance}}");

        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000));

        assertTrue(catalog.failures().get("flow").startsWith("node similarityThresholdRetriever_0 (similarityThresholdRetriever) "
                + "input vectorStore is connected to node retrievalQAChain_0"), catalog.failures().toString());
    }

    /** The plain-text retrieval export with node {@code id} put between the memory store (at {@code input}) and the chain. */
    private ObjectNode between(String id, String name, String input, Map<String, Object> inputs) {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("retrieval-qa-plain-text"), "openAIEmbeddings_0",
                Map.of("basepath", embeddings.openAiBaseUrl()));
        ObjectNode data = ((ArrayNode) export.path("nodes")).addObject().put("id", id).putObject("data")
                .put("id", id).put("name", name).put("label", name);
        ObjectNode values = data.putObject("inputs").put(input, "{{memoryVectorStore_0.data.instance}}");
        inputs.forEach((key, value) -> values.put(key, value.toString()));
        ((ObjectNode) nodeOf(export, "retrievalQAChain_0").path("data").path("inputs"))
                .put("vectorStoreRetriever", "{{" + id + ".data.instance}}");
        ArrayNode edges = (ArrayNode) export.path("edges");
        edges.removeIf(edge -> edge.path("source").asText().equals("memoryVectorStore_0"));
        edges.addObject().put("source", "memoryVectorStore_0").put("target", id).put("id", "e1");
        edges.addObject().put("source", id).put("target", "retrievalQAChain_0").put("id", "e2");
        return export;
    }

    private static ObjectNode nodeOf(ObjectNode export, String id) {
        for (var node : export.path("nodes")) {
            if (node.path("id").asText().equals(id)) return (ObjectNode) node;
        }
        throw new IllegalArgumentException(id);
    }

    private Chatflow flow(ObjectNode export, Map<String, String> environment) {
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get).find("flow").orElseThrow();
    }
}
