package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
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
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** multiQueryRetriever between a memoryVectorStore (topK 1) and a retrievalQAChain, the model a scripted stub. */
class MultiQueryRetrieverTest {

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
    void the_model_gets_langchain_s_prompt_and_each_question_it_writes_is_searched_once() throws Exception {
        fixture.stub().replyWhen("Original question:", "Here you go:\n<questions>\nDo otters hold hands?\n\n"
                + "  Does honey ever spoil?\nWhy do otters sleep holding hands?\n</questions>");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(Map.of()).run(FlowRequest.of("Tell me animal facts"), sink));

        String asked = userMessage(0);
        assertEquals(MultiQueryRetrieverNode.DEFAULT_PROMPT.replace("{question}", "Tell me animal facts"), asked);
        assertEquals(List.of(List.of("Do otters hold hands?"), List.of("Does honey ever spoil?"),
                List.of("Why do otters sleep holding hands?")), queriesEmbedded());
        assertEquals(List.of(new SourceDocument(RetrieverFlows.OTTERS, Map.of()), new SourceDocument(RetrieverFlows.HONEY, Map.of())),
                withoutMetadata(result.sourceDocuments()), "the union, each document once, in the order found");
        assertEquals("Echo: Tell me animal facts", sink.text(), "the questions the model wrote are not streamed");
    }

    @Test
    void a_custom_prompt_is_filled_with_the_question_and_an_answer_without_tags_is_read_line_by_line() throws Exception {
        fixture.stub().replyWhen("Rewrite", "Why is the Eiffel Tower taller in summer?");

        FlowResult result = await(flow(Map.of("modelPrompt", "Rewrite {question} for a search engine"))
                .run(FlowRequest.of("tower heat"), new RecordingSink()));

        assertEquals("Rewrite tower heat for a search engine", userMessage(0));
        assertEquals(List.of(List.of("Why is the Eiffel Tower taller in summer?")), queriesEmbedded());
        assertEquals(RetrieverFlows.EIFFEL, result.sourceDocuments().get(0).pageContent());
    }

    @Test
    void an_answer_with_no_question_in_it_searches_the_question_as_asked() throws Exception {
        fixture.stub().replyWhen("Original question:", "<questions>\n</questions>");

        FlowResult result = await(flow(Map.of()).run(FlowRequest.of("Does honey spoil?"), new RecordingSink()));

        assertEquals(List.of(List.of("Does honey spoil?")), queriesEmbedded());
        assertEquals(RetrieverFlows.HONEY, result.sourceDocuments().get(0).pageContent());
    }

    @Test
    void a_model_that_fails_fails_the_run_naming_the_model() {
        ChatflowException failure = FlowFixture.failure(flow(Map.of()).run(FlowRequest.of("otters? [[fail]]"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().contains("chatOpenAI_0"), failure.getMessage());
        assertEquals(1, fixture.stub().requests(), "the run stops at the failed inner call");
    }

    @Test
    void a_missing_store_or_model_or_a_prompt_without_the_question_fails_the_load() {
        assertEquals("node multiQueryRetriever_0 (multiQueryRetriever) needs a node connected to its vectorStore input",
                loadFailure(Map.of("vectorStore", "")));
        assertEquals("node multiQueryRetriever_0 (multiQueryRetriever) needs a node connected to its model input",
                loadFailure(Map.of("model", "")));
        assertEquals("node multiQueryRetriever_0 (multiQueryRetriever) input modelPrompt must contain {question}",
                loadFailure(Map.of("modelPrompt", "Write three questions")));
    }

    private ObjectNode export(Map<String, Object> inputs) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("vectorStore", "{{memoryVectorStore_0.data.instance}}",
                "model", "{{chatOpenAI_0.data.instance}}", "modelPrompt", ""));
        all.putAll(inputs);
        return RetrieverFlows.withRetriever("multiQueryRetriever", all, 1, embeddings.openAiBaseUrl());
    }

    private Chatflow flow(Map<String, Object> inputs) {
        return fixture.flow(export(inputs), FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(Map<String, Object> inputs) {
        ObjectNode export = export(inputs);
        dev.flowstream.chatflow.ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }

    /** The texts embedded after the passages: the queries searched. */
    private List<List<String>> queriesEmbedded() {
        return embeddings.requests().stream().skip(1).map(EmbeddingStub.Request::inputs).toList();
    }

    private String userMessage(int request) throws Exception {
        var messages = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixture.stub().requestBodies().get(request))
                .path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    private static List<SourceDocument> withoutMetadata(List<SourceDocument> documents) {
        return documents.stream().map(d -> new SourceDocument(d.pageContent(), Map.of())).toList();
    }
}
