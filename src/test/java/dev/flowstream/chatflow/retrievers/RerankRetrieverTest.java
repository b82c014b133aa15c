package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ConnectedWiring;
import dev.flowstream.chatflow.KnownVectors;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.RerankStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cohereRerankRetriever and voyageAIRerankRetriever against stubs of the providers' documented rerank APIs. */
class RerankRetrieverTest {

    private static final SourceDocument CARS = new SourceDocument("Tesla makes cars.", Map.of("source", "tesla"));
    private static final SourceDocument PHONES = new SourceDocument("Apple makes phones.", Map.of("source", "apple"));
    private static final SourceDocument HONEY = new SourceDocument("Honey never spoils.", Map.of("source", "honey"));
    private static final String QUESTION = "Which company makes phones?";

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>(Map.of("COHERE_API_KEY", "co-key", "VOYAGEAI_API_KEY", "vo-key"));
    private Retriever base = query -> List.of(CARS, PHONES, HONEY);
    private RerankStub stub;
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        if (stub != null) stub.close();
    }

    @Test
    void cohere_ranks_the_base_documents_and_the_top_k_are_kept_with_their_relevance_score() throws Exception {
        stub = RerankStub.cohere("co-key");

        List<SourceDocument> found = load(RerankRetrieverNode.COHERE, Map.of("topK", "1", "model", "rerank-english-v3.0"))
                .retrieve(QUESTION);

        assertEquals(List.of("Apple makes phones."), found.stream().map(SourceDocument::pageContent).toList());
        assertEquals("apple", found.get(0).metadata().get("source"));
        assertEquals(2.0 / Math.sqrt(12), (double) found.get(0).metadata().get("relevance_score"), 1e-6);
        JsonNode sent = stub.lastBody();
        assertEquals("rerank-english-v3.0", sent.path("model").asText());
        assertEquals(QUESTION, sent.path("query").asText());
        assertEquals(List.of("Tesla makes cars.", "Apple makes phones.", "Honey never spoils."),
                List.of(sent.path("documents").get(0).asText(), sent.path("documents").get(1).asText(), sent.path("documents").get(2).asText()));
        assertEquals(1, sent.path("top_n").asInt());
        assertEquals(10, sent.path("max_chunks_per_doc").asInt());
        assertEquals("Bearer co-key", stub.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void cohere_s_model_defaults_to_flowise_s_and_top_k_to_the_base_store_s() throws Exception {
        stub = RerankStub.cohere("co-key");
        KnownVectors known = new KnownVectors();
        base = known.memoryStore(runtime(), 2, List.of(known.at("near", 0.9), known.at("far", 0.1), known.at("mid", 0.5)));

        List<SourceDocument> found = load(RerankRetrieverNode.COHERE, Map.of("maxChunksPerDoc", "3")).retrieve(KnownVectors.QUERY);

        assertEquals(2, found.size());
        assertEquals("rerank-v3.5", stub.lastBody().path("model").asText());
        assertEquals(2, stub.lastBody().path("top_n").asInt());
        assertEquals(3, stub.lastBody().path("max_chunks_per_doc").asInt());
    }

    @Test
    void voyage_ranks_the_base_documents_reading_its_data_list() throws Exception {
        stub = RerankStub.voyage("vo-key");

        List<SourceDocument> found = load(RerankRetrieverNode.VOYAGE, Map.of("topK", "2")).retrieve("Tesla cars");

        assertEquals(List.of("Tesla makes cars.", "Apple makes phones."), found.stream().map(SourceDocument::pageContent).toList());
        assertEquals(2.0 / Math.sqrt(6), (double) found.get(0).metadata().get("relevance_score"), 1e-6);
        JsonNode sent = stub.lastBody();
        assertEquals("rerank-lite-1", sent.path("model").asText());
        assertEquals(2, sent.path("top_k").asInt());
        assertEquals("Bearer vo-key", stub.lastHeader("Authorization").orElseThrow());
    }

    @Test
    void no_base_documents_no_call() {
        stub = RerankStub.cohere("co-key");
        base = query -> List.of();

        assertEquals(List.of(), load(RerankRetrieverNode.COHERE, Map.of()).retrieve(QUESTION));
        assertEquals(0, stub.requests());
    }

    @Test
    void a_provider_that_is_down_fails_the_question_as_the_provider_s_failure_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + unused.getLocalPort();
        }
        Retriever retriever = load(RerankRetrieverNode.COHERE, Map.of("basepath", down));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> retriever.retrieve(QUESTION));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node cohereRerankRetriever_0 (cohereRerankRetriever) could not reach Cohere at 127.0.0.1 (ConnectException)",
                failure.getMessage());
    }

    @Test
    void a_refused_key_is_the_provider_s_failure_naming_the_node() {
        stub = RerankStub.voyage("vo-key");
        environment.put("VOYAGEAI_API_KEY", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(RerankRetrieverNode.VOYAGE, Map.of()).retrieve(QUESTION));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node voyageAIRerankRetriever_0 (voyageAIRerankRetriever): Voyage AI answered HTTP 401 to POST /v1/rerank",
                failure.getMessage());
    }

    @Test
    void a_missing_key_fails_the_question_saying_where_to_put_it_before_anything_is_sent() {
        stub = RerankStub.cohere("co-key");
        environment.remove("COHERE_API_KEY");

        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(RerankRetrieverNode.COHERE, Map.of()).retrieve(QUESTION));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("cohereRerankRetriever node cohereRerankRetriever_0 has no API key: set COHERE_API_KEY or the node's "
                + "cohereApiKey input", failure.getMessage());
        assertEquals(0, stub.requests());
    }

    @Test
    void a_missing_base_retriever_or_a_bad_count_fails_the_load_naming_the_input() {
        stub = RerankStub.cohere("co-key");
        FlowLoadException missing = assertThrows(FlowLoadException.class, () -> RerankRetrieverNode.load(
                ProviderFixture.node("cohereRerankRetriever_0", RerankRetrieverNode.COHERE, Map.of()),
                new ConnectedWiring(runtime(), Map.of())));
        assertEquals("node cohereRerankRetriever_0 (cohereRerankRetriever) needs a node connected to its baseRetriever input",
                missing.getMessage());
        assertEquals("node cohereRerankRetriever_0 (cohereRerankRetriever) input topK must be 1 or more",
                assertThrows(FlowLoadException.class, () -> load(RerankRetrieverNode.COHERE, Map.of("topK", "0"))).getMessage());
        assertEquals("node cohereRerankRetriever_0 (cohereRerankRetriever) input maxChunksPerDoc must be 1 or more",
                assertThrows(FlowLoadException.class, () -> load(RerankRetrieverNode.COHERE, Map.of("maxChunksPerDoc", "0"))).getMessage());
    }

    private Retriever load(String name, Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>();
        if (stub != null) all.put("basepath", stub.url());
        all.putAll(inputs);
        return RerankRetrieverNode.load(ProviderFixture.node(name + "_0", name, all),
                new ConnectedWiring(runtime(), Map.of("baseRetriever", base)));
    }

    private FlowRuntime runtime() {
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return runtime;
    }
}
