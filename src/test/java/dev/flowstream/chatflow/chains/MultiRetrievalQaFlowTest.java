package dev.flowstream.chatflow.chains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * multiRetrievalQAChain over two vectorStoreRetrievers (memory stores of one passage each), with
 * the model a stub that answers the router prompt as a model following it would.
 */
class MultiRetrievalQaFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTTERS = "Sea otters hold hands while they sleep so that they do not drift apart.";
    private static final String TOWERS = "The Eiffel Tower grows about fifteen centimetres taller in summer heat.";

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private EmbeddingStub embeddings;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        embeddings = EmbeddingStub.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
    }

    @Test
    void the_router_prompt_lists_each_retriever_and_only_the_answer_streams() throws Exception {
        route("otters", "Why do otters hold hands?");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(export()).run(FlowRequest.of("Why do otters hold hands?"), sink));

        String router = userMessage(fixture.stub().requestBodies().get(0));
        assertTrue(router.startsWith(RetrieverRouter.PROMPT_HEAD), router);
        assertTrue(router.endsWith("<< CANDIDATE PROMPTS >>\notters: Good for answering questions about otters\n"
                + "towers: Good for answering questions about towers\n\n<< INPUT >>\nWhy do otters hold hands?\n\n<< OUTPUT >>\n"), router);
        assertEquals("Echo: Why do otters hold hands?", result.text());
        assertEquals(result.text(), sink.text(), "the routing answer is not streamed");
        assertEquals(2, fixture.stub().requests());
    }

    @Test
    void the_chosen_retriever_s_documents_are_the_context_and_the_sources() throws Exception {
        route("towers", "How much does the Eiffel Tower grow?");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(export()).run(FlowRequest.of("Tell me about that tower"), sink));

        assertEquals(List.of(new SourceDocument(TOWERS, Map.of("source", "towers.md"))), result.sourceDocuments());
        assertEquals(List.of("system: " + RetrievalQaChainNode.SYSTEM + TOWERS, "user: How much does the Eiffel Tower grow?"),
                fixture.sentMessages(), "the router's query is what is retrieved and asked");
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
    }

    @Test
    void without_return_source_documents_the_answer_has_none() throws Exception {
        route("otters", "Why do otters hold hands?");
        ObjectNode export = ConfigDirs.withInputs(export(), "multiRetrievalQAChain_0", Map.of("returnSourceDocuments", false));

        RecordingSink sink = new RecordingSink();
        FlowResult result = await(flow(export).run(FlowRequest.of("Why do otters hold hands?"), sink));

        assertEquals(List.of(), result.sourceDocuments());
        assertEquals(0, sink.count("sourceDocuments"));
        assertEquals("system: " + RetrievalQaChainNode.SYSTEM + OTTERS, fixture.sentMessages().get(0));
    }

    @Test
    void a_default_route_answers_in_the_default_conversation_prompt_without_documents() throws Exception {
        route("DEFAULT", "What is the capital of France?");

        FlowResult result = await(flow(export()).run(FlowRequest.of("What is the capital of France?"), new RecordingSink()));

        assertEquals(List.of("user: " + MultiRetrievalQaChainNode.DEFAULT_PROMPT + "What is the capital of France?\nAI:"),
                fixture.sentMessages());
        assertEquals(List.of(), result.sourceDocuments());
    }

    @Test
    void a_route_to_no_retriever_of_the_chain_fails_naming_the_node_and_its_retrievers() {
        route("giraffes", "How tall are giraffes?");

        ChatflowException failure = FlowFixture.failure(flow(export()).run(FlowRequest.of("How tall are giraffes?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("node multiRetrievalQAChain_0 (multiRetrievalQAChain): the model chose giraffes, which is none of its "
                + "retrievers (otters, towers)", failure.getMessage());
    }

    @Test
    void a_routing_answer_that_is_not_the_json_asked_for_fails_the_run() {
        fixture.stub().replyWhen("<< CANDIDATE PROMPTS >>", "I would pick the otters one.");

        ChatflowException failure = FlowFixture.failure(flow(export()).run(FlowRequest.of("otters?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertTrue(failure.getMessage().startsWith("node multiRetrievalQAChain_0 (multiRetrievalQAChain): the model's routing answer"),
                failure.getMessage());
    }

    @Test
    void retrievers_that_cannot_be_told_apart_or_are_not_vector_stores_fail_the_load() {
        ObjectNode sameNames = ConfigDirs.withInputs(export(), "vectorStoreRetriever_1", Map.of("name", "otters"));
        assertEquals("node multiRetrievalQAChain_0 (multiRetrievalQAChain) has two retrievers named otters", loadFailure(sameNames));

        ObjectNode unnamed = ConfigDirs.withInputs(export(), "vectorStoreRetriever_0", Map.of("description", ""));
        assertEquals("node vectorStoreRetriever_0 (vectorStoreRetriever) needs a description in its description input, for the "
                + "chain to choose it by", loadFailure(unnamed));

        ObjectNode noRetriever = ConfigDirs.withInputs(export(), "multiRetrievalQAChain_0", Map.of("vectorStoreRetriever", List.of()));
        assertTrue(loadFailure(noRetriever).startsWith("node multiRetrievalQAChain_0 (multiRetrievalQAChain) needs a vectorStoreRetriever"));

        ObjectNode notAStore = ConfigDirs.withInputs(export(), "vectorStoreRetriever_0", Map.of("vectorStore", "{{plainText_0.data.instance}}"));
        assertTrue(loadFailure(notAStore).startsWith("node vectorStoreRetriever_0 (vectorStoreRetriever) input vectorStore is connected "
                + "to node plainText_0 of type plainText; Flowstream supports only a vector store there (chroma, documentStoreVS, elasticsearch, faiss, "), loadFailure(notAStore));
    }

    /** The stub answers the router prompt with LangChain's JSON, fenced as the prompt asks. */
    private void route(String destination, String query) {
        fixture.stub().replyWhen("<< CANDIDATE PROMPTS >>", "```json\n{\n  \"destination\": \"" + destination
                + "\",\n  \"next_inputs\": {\"query\": \"" + query + "\"}\n}\n```");
    }

    private ObjectNode export() {
        return ConfigDirs.withInputs(FlowFixture.export("multi-retrieval-memory"), "openAIEmbeddings_0",
                Map.of("basepath", embeddings.openAiBaseUrl()));
    }

    private Chatflow flow(ObjectNode export) {
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(ObjectNode export) {
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000));
        return catalog.failures().get("flow");
    }

    private static String userMessage(String body) throws Exception {
        JsonNode messages = JSON.readTree(body).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
