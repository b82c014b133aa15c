package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.LlamaIndexFixture;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.node.ResponseSynthesizer.Synthesis;
import dev.flowstream.chatflow.node.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.responsesynthesizer.Passages.SOURCES;
import static dev.flowstream.chatflow.responsesynthesizer.Passages.assertStreamed;
import static dev.flowstream.chatflow.responsesynthesizer.Passages.sentence;
import static dev.flowstream.chatflow.responsesynthesizer.Passages.sentences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compactrefineLlamaIndex: passages packed into as few prompts as LlamaIndex's window allows, then refined. */
class CompactAndRefineTest {

    private static final String TEXT_QA = """
            Context information is below.
            ---------------------
            %s
            ---------------------
            Given the context information and not prior knowledge, answer the query.
            Query: %s
            Answer:""";

    @TempDir
    Path configDir;
    private LlamaIndexFixture fixture;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void start() {
        fixture = new LlamaIndexFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void passages_that_fit_one_prompt_are_answered_in_one_streamed_call_with_their_sentences_joined_by_spaces() throws Exception {
        FlowResult result = await(synthesizer(Map.of()).synthesize(synthesis("Who makes cars?",
                List.of("Apple makes phones.\nThey sell well.", "Tesla makes cars.")), sink));

        String prompt = TEXT_QA.formatted("Apple makes phones. They sell well. Tesla makes cars.", "Who makes cars?");
        assertEquals(List.of(prompt), fixture.prompts());
        assertEquals("Echo: " + prompt, result.text());
        assertEquals(SOURCES, result.sourceDocuments());
        assertStreamed(result.text(), sink);
    }

    @Test
    void passages_beyond_the_window_are_packed_into_two_prompts_the_first_answered_and_the_second_refining_it() throws Exception {
        fixture.openAi().replyWhen("Context information is below.", "Phones and cars.")
                .replyWhen("We have provided an existing answer: Phones and cars.", "Refined: phones, cars and otters.");
        List<String> passages = List.of(sentences(1, 200), sentences(201, 400), sentences(401, 600));

        FlowResult result = await(synthesizer(Map.of()).synthesize(synthesis("What is here?", passages), sink));

        List<String> prompts = fixture.prompts();
        assertEquals(2, prompts.size(), prompts.toString());
        assertTrue(prompts.get(0).startsWith("Context information is below.\n---------------------\n" + sentence(1) + " "
                + sentence(2) + " "), prompts.get(0));
        assertFalse(prompts.get(0).contains(sentence(600)));
        assertTrue(prompts.get(1).startsWith("The original query is as follows: What is here?\n"
                + "We have provided an existing answer: Phones and cars.\n"), prompts.get(1));
        assertTrue(prompts.get(1).contains(sentence(599) + " " + sentence(600) + "\n------------\n"), prompts.get(1));
        int firstOfSecond = Integer.parseInt(prompts.get(1).split("------------\n")[1].split(" ")[2]);
        assertTrue(prompts.get(0).contains(sentence(firstOfSecond)), "the second prompt starts with the end of the first");
        assertEquals("Refined: phones, cars and otters.", result.text());
        assertStreamed("Refined: phones, cars and otters.", sink);
    }

    @Test
    void the_node_s_own_prompts_are_filled_at_the_first_place_of_each_variable() throws Exception {
        Map<String, Object> prompts = Map.of("textQAPrompt", "Q: {query}\nC: {context}\nAgain: {query}",
                "refinePrompt", "{existingAnswer} | {context} | {query}");

        await(synthesizer(prompts).synthesize(synthesis("Who?", List.of("Apple makes phones.")), sink));

        assertEquals(List.of("Q: Who?\nC: Apple makes phones.\nAgain: {query}"), fixture.prompts());
    }

    @Test
    void without_passages_the_answer_is_llamaindex_s_empty_response_and_no_model_is_asked() throws Exception {
        FlowResult result = await(synthesizer(Map.of()).synthesize(synthesis("Who?", List.of()), sink));

        assertEquals("Empty Response", result.text());
        assertEquals(List.of("start", "token", "sourceDocuments", "end"), sink.names());
        assertEquals(0, fixture.openAi().requests());
    }

    private ResponseSynthesizer synthesizer(Map<String, Object> inputs) {
        return fixture.load("compactrefineLlamaIndex_0", "compactrefineLlamaIndex", inputs, Role.RESPONSE_SYNTHESIZER);
    }

    private Synthesis synthesis(String query, List<String> passages) {
        return new Synthesis(fixture.model(), query, passages, SOURCES, Map.of());
    }
}
