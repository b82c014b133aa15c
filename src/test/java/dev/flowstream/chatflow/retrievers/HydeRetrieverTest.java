package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** HydeRetriever over a memoryVectorStore (topK 3: every passage) before a retrievalQAChain, the model a scripted stub. */
class HydeRetrieverTest {

    private static final String PASSAGE = "Each summer the heat makes the Eiffel Tower grow about fifteen centimetres taller.";

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
    void the_passage_the_model_writes_from_the_websearch_prompt_is_searched_in_place_of_the_question() throws Exception {
        fixture.stub().replyWhen("Please write a passage", PASSAGE);
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(Map.of("topK", 1)).run(FlowRequest.of("Why is it taller when hot?"), sink));

        assertEquals("Please write a passage to answer the question\nQuestion: Why is it taller when hot?\nPassage:", userMessage(0));
        assertEquals(List.of(PASSAGE), embeddings.requests().get(1).inputs(), "the passage is embedded, not the question");
        assertEquals(List.of(RetrieverFlows.EIFFEL), contents(result.sourceDocuments()), "topK 1 of the store's 3");
        assertEquals("Echo: Why is it taller when hot?", sink.text(), "the passage is not streamed");
    }

    @Test
    void a_prompt_key_chooses_langchain_s_prompt_and_a_custom_prompt_wins_over_it() throws Exception {
        await(flow(Map.of("promptKey", "fiqa")).run(FlowRequest.of("honey prices"), new RecordingSink()));
        assertEquals("Please write a financial article passage to answer the question\nQuestion: honey prices\nPassage:",
                userMessage(0));

        await(flow(Map.of("promptKey", "fiqa", "customPrompt", "Describe {question} in a sentence"))
                .run(FlowRequest.of("otters"), new RecordingSink()));
        assertEquals("Describe otters in a sentence", userMessage(2));
    }

    @Test
    void without_top_k_four_documents_at_most_come_out() throws Exception {
        FlowResult result = await(flow(Map.of()).run(FlowRequest.of("otters"), new RecordingSink()));

        assertEquals(3, result.sourceDocuments().size(), "the store's 3, under Flowise's default of 4");
    }

    @Test
    void a_blank_passage_searches_the_question_itself() throws Exception {
        fixture.stub().replyWhen("Please write a passage", " ");

        await(flow(Map.of()).run(FlowRequest.of("Does honey spoil?"), new RecordingSink()));

        assertEquals(List.of("Does honey spoil?"), embeddings.requests().get(1).inputs());
    }

    @Test
    void bad_inputs_fail_the_load_naming_the_node_and_the_input() {
        assertEquals("node HydeRetriever_0 (HydeRetriever) needs a node connected to its model input", loadFailure(Map.of("model", "")));
        assertEquals("node HydeRetriever_0 (HydeRetriever) needs a node connected to its vectorStore input",
                loadFailure(Map.of("vectorStore", "")));
        assertEquals("node HydeRetriever_0 (HydeRetriever) input promptKey must be one of websearch, scifact, arguana, "
                + "trec-covid, fiqa, dbpedia-entity, trec-news, mr-tydi, not webquest", loadFailure(Map.of("promptKey", "webquest")));
        assertEquals("node HydeRetriever_0 (HydeRetriever) input customPrompt must have {question} as its only variable",
                loadFailure(Map.of("customPrompt", "Answer {query}")));
        assertEquals("node HydeRetriever_0 (HydeRetriever) input topK must be 1 or more", loadFailure(Map.of("topK", 0)));
        assertEquals("node HydeRetriever_0 (HydeRetriever) input topK must be a whole number", loadFailure(Map.of("topK", "2.5")));
    }

    private ObjectNode export(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("vectorStore", "{{memoryVectorStore_0.data.instance}}",
                "model", "{{chatOpenAI_0.data.instance}}", "promptKey", "websearch", "customPrompt", "", "topK", ""));
        all.putAll(inputs);
        return RetrieverFlows.withRetriever("HydeRetriever", all, 3, embeddings.openAiBaseUrl());
    }

    private Chatflow flow(Map<String, Object> inputs) {
        return fixture.flow(export(inputs), FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(Map<String, Object> inputs) {
        ObjectNode export = ConfigDirs.withInputs(export(inputs), "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }

    private String userMessage(int request) throws Exception {
        var messages = new ObjectMapper().readTree(fixture.stub().requestBodies().get(request)).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    private static List<String> contents(List<SourceDocument> documents) {
        return documents.stream().map(SourceDocument::pageContent).toList();
    }
}
