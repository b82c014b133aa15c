package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.engine.QueryEngineTest.TEXT_QA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** subQuestionQueryEngine: sub-questions written by the model, asked of query engine tools, answered together. */
class SubQuestionQueryEngineTest {

    private static final String QUESTION = "Compare Apple and Tesla in 2022.";
    private static final String APPLE = "How many iPhones did Apple sell?";
    private static final String TESLA = "How many cars did Tesla deliver?";
    private static final String SUB_QUESTIONS = "```json\n[{\"subQuestion\": \"" + APPLE + "\", \"toolName\": \"apple_tool\"},\n"
            + " {\"subQuestion\": \"" + TESLA + "\", \"toolName\": \"tesla_tool\"}]\n```";

    @TempDir
    Path configDir;
    private LlamaIndexFlows flows;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void start() {
        flows = new LlamaIndexFlows(configDir);
        flows.openAi().replyWhen("Query: " + APPLE, "225 million.").replyWhen("Query: " + TESLA, "1.3 million.");
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    @Test
    void the_model_s_sub_questions_are_asked_of_their_tools_and_their_answers_synthesized_into_the_streamed_answer() throws Exception {
        flows.openAi().replyWhen("# Example 2", SUB_QUESTIONS);

        FlowResult result = await(flows.flow("llamaindex-sub-question").run(FlowRequest.of(QUESTION), sink));

        List<String> prompts = flows.prompts();
        assertEquals(4, prompts.size(), prompts.toString());
        assertTrue(prompts.get(0).startsWith("Given a user question, and a list of tools, output a list of relevant "
                + "sub-questions that when composed can help answer the full user question:\n\n# Example 1\n"), prompts.get(0));
        assertTrue(prompts.get(0).endsWith("# Example 2\n<Tools>\n```json\n{\n    \"apple_tool\": \"The 2022 annual report of Apple\",\n"
                + "    \"tesla_tool\": \"The 2022 annual report of Tesla\"\n}\n```\n\n<User Question>\n" + QUESTION
                + "\n\n<Output>\n"), prompts.get(0));
        assertEquals(Set.of(TEXT_QA.formatted("Apple sold 225 million iPhones in 2022.", APPLE),
                TEXT_QA.formatted("Tesla delivered 1.3 million cars in 2022.", TESLA)), Set.copyOf(prompts.subList(1, 3)));
        String answerPrompt = TEXT_QA.formatted("Sub question: " + APPLE + " Response: 225 million. Sub question: " + TESLA
                + " Response: 1.3 million.", QUESTION);
        assertEquals(answerPrompt, prompts.get(3));
        assertEquals("Echo: " + answerPrompt, sink.text());
        assertEquals(List.of(new SourceDocument("Sub question: " + APPLE + "\nResponse: 225 million.", Map.of()),
                new SourceDocument("Sub question: " + TESLA + "\nResponse: 1.3 million.", Map.of())), result.sourceDocuments());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
    }

    @Test
    void a_sub_question_for_a_tool_the_engine_does_not_have_is_left_out() throws Exception {
        flows.openAi().replyWhen("# Example 2", "[{\"subQuestion\": \"" + APPLE + "\", \"toolName\": \"apple_tool\"}, "
                + "{\"subQuestion\": \"Nokia?\", \"toolName\": \"nokia_tool\"}]");

        FlowResult result = await(flows.flow("llamaindex-sub-question").run(FlowRequest.of(QUESTION), sink));

        assertEquals(3, flows.prompts().size());
        assertEquals(List.of("Sub question: " + APPLE + "\nResponse: 225 million."),
                result.sourceDocuments().stream().map(SourceDocument::pageContent).toList());
    }

    @Test
    void sub_questions_that_are_not_the_expected_json_fail_the_answer_naming_the_engine_and_its_model() throws Exception {
        flows.openAi().replyWhen("# Example 2", "I would ask Apple and Tesla.");

        ChatflowException failure = FlowFixture.failure(flows.flow("llamaindex-sub-question").run(FlowRequest.of(QUESTION), sink));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("node subQuestionQueryEngine_0 (subQuestionQueryEngine): model chatOpenAI_LlamaIndex_0 did not answer "
                + "with the JSON list of sub-questions LlamaIndex asks for ([{\"subQuestion\": \"...\", \"toolName\": \"...\"}])",
                failure.getMessage());
        assertEquals(1, flows.openAi().requests());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void when_every_tool_fails_the_answer_fails_with_the_first_failure_naming_its_node() throws Exception {
        flows.openAi().replyWhen("# Example 2", SUB_QUESTIONS);
        Chatflow flow = flows.flow("llamaindex-sub-question");
        flows.pinecone().close();

        ChatflowException failure = FlowFixture.failure(flow.run(FlowRequest.of(QUESTION), sink));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().matches("node pineconeLlamaIndex_[01] \\(pineconeLlamaIndex\\) could not reach Pinecone.*"),
                failure.getMessage());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_tool_without_name_or_description_is_offered_under_llamaindex_s_defaults() throws Exception {
        ObjectNode export = ConfigDirs.withInputs(flows.export("llamaindex-sub-question"), "queryEngineToolLlamaIndex_1",
                Map.of("toolName", "", "toolDesc", ""));
        flows.openAi().replyWhen("# Example 2", "[]");

        FlowResult result = await(flows.flow(export).run(FlowRequest.of(QUESTION), sink));

        assertTrue(flows.prompts().get(0).contains("\n    \"query_engine_tool\": \"Useful for running a natural language query "
                + "against a knowledge base and get back a natural language response.\"\n}"), flows.prompts().get(0));
        assertEquals("Empty Response", result.text());
        assertEquals(1, flows.openAi().requests());
    }

    @Test
    void an_engine_without_tools_or_model_fails_the_load_naming_the_input() {
        ObjectNode noTools = ConfigDirs.withInputs(flows.export("llamaindex-sub-question"), "subQuestionQueryEngine_0",
                Map.of("queryEngineTools", List.of()));
        assertEquals("node subQuestionQueryEngine_0 (subQuestionQueryEngine) needs a query engine tool connected to its "
                + "queryEngineTools input", flows.catalog(noTools).failures().get("flow"));

        ObjectNode noModel = ConfigDirs.withInputs(flows.export("llamaindex-sub-question"), "subQuestionQueryEngine_0",
                Map.of("model", ""));
        assertEquals("node subQuestionQueryEngine_0 (subQuestionQueryEngine) needs a node connected to its model input",
                flows.catalog(noModel).failures().get("flow"));
    }
}
