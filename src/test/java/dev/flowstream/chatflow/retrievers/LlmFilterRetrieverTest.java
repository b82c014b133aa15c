package dev.flowstream.chatflow.retrievers;

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
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llmFilterRetriever over a memoryVectorStore (topK 3: every passage) before a retrievalQAChain, the model a scripted stub. */
class LlmFilterRetrieverTest {

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
    void each_document_is_judged_with_langchain_s_filter_prompt_and_only_relevant_ones_come_out() throws Exception {
        fixture.stub().replyWhen(RetrieverFlows.OTTERS, "YES").replyWhen(RetrieverFlows.EIFFEL, "No.")
                .replyWhen(RetrieverFlows.HONEY, "yes, it is relevant");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(Map.of()).run(FlowRequest.of("Which animals or foods last?"), sink));

        List<String> asked = innerPrompts();
        assertEquals(3, asked.size(), asked.toString());
        assertTrue(asked.contains("Given the following question and context, return YES if the context is relevant to the "
                + "question and NO if it isn't.\n\n> Question: Which animals or foods last?\n> Context:\n>>>\n"
                + RetrieverFlows.EIFFEL + "\n>>>\n> Relevant (YES / NO):"), asked.toString());
        List<String> kept = result.sourceDocuments().stream().map(SourceDocument::pageContent).toList();
        assertEquals(2, kept.size(), kept.toString());
        assertTrue(kept.containsAll(List.of(RetrieverFlows.OTTERS, RetrieverFlows.HONEY)), kept.toString());
        assertEquals("Echo: Which animals or foods last?", sink.text(), "the verdicts are not streamed");
        assertTrue(fixture.sentMessages().get(0).contains(RetrieverFlows.HONEY) && !fixture.sentMessages().get(0)
                .contains(RetrieverFlows.EIFFEL), "only the kept documents are the context");
    }

    @Test
    void an_answer_that_is_neither_yes_nor_no_fails_the_question_naming_the_node() {
        fixture.stub().replyWhen("Relevant (YES / NO)", "It depends on what you mean.");

        ChatflowException failure = FlowFixture.failure(flow(Map.of()).run(FlowRequest.of("otters?"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("node llmFilterRetriever_0 (llmFilterRetriever): the model's answer to whether a document is relevant "
                + "is not YES or NO", failure.getMessage());
    }

    @Test
    void an_answer_saying_both_yes_and_no_fails_the_question() {
        fixture.stub().replyWhen("Relevant (YES / NO)", "Yes and no");

        ChatflowException failure = FlowFixture.failure(flow(Map.of()).run(FlowRequest.of("otters?"), new RecordingSink()));

        assertTrue(failure.getMessage().endsWith("is not YES or NO"), failure.getMessage());
    }

    @Test
    void a_missing_base_retriever_or_model_or_a_base_that_is_no_retriever_fails_the_load() {
        assertEquals("node llmFilterRetriever_0 (llmFilterRetriever) needs a node connected to its baseRetriever input",
                loadFailure(Map.of("baseRetriever", "")));
        assertEquals("node llmFilterRetriever_0 (llmFilterRetriever) needs a node connected to its model input",
                loadFailure(Map.of("model", "")));
        String notARetriever = loadFailure(Map.of("baseRetriever", "{{openAIEmbeddings_0.data.instance}}"));
        assertTrue(notARetriever.startsWith("node llmFilterRetriever_0 (llmFilterRetriever) input baseRetriever is connected "
                + "to node openAIEmbeddings_0 of type openAIEmbeddings; Flowstream supports only a retriever there"), notARetriever);
    }

    private ObjectNode export(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("baseRetriever", "{{memoryVectorStore_0.data.instance}}",
                "model", "{{chatOpenAI_0.data.instance}}", "query", ""));
        all.putAll(inputs);
        return RetrieverFlows.withRetriever("llmFilterRetriever", all, 3, embeddings.openAiBaseUrl());
    }

    private Chatflow flow(Map<String, Object> inputs) {
        return fixture.flow(export(inputs), FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(Map<String, Object> inputs) {
        ObjectNode export = ConfigDirs.withInputs(export(inputs), "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }

    /** The user messages of every request but the last (the answer's). */
    private List<String> innerPrompts() throws Exception {
        List<String> bodies = fixture.stub().requestBodies();
        List<String> prompts = new ArrayList<>();
        for (String body : bodies.subList(0, bodies.size() - 1)) {
            JsonNode messages = new ObjectMapper().readTree(body).path("messages");
            prompts.add(messages.get(messages.size() - 1).path("content").asText());
        }
        return prompts;
    }
}
