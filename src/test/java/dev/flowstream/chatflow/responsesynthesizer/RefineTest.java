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

/** refineLlamaIndex: one model call per passage, each refining the answer so far; only the last streams. */
class RefineTest {

    private static final String REFINE = """
            The original query is as follows: %s
            We have provided an existing answer: %s
            We have the opportunity to refine the existing answer (only if needed) with some more context below.
            ------------
            %s
            ------------
            Given the new context, refine the original answer to better answer the query. \
            If the context isn't useful, return the original answer.
            Refined Answer:""";

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
    void the_first_passage_is_answered_and_each_further_one_refines_the_answer_with_only_the_last_call_streamed() throws Exception {
        fixture.openAi().replyWhen("Apple makes phones.", "Apple.").replyWhen("existing answer: Apple.", "Apple, Tesla.")
                .replyWhen("existing answer: Apple, Tesla.", "Apple, Tesla and otters.");

        FlowResult result = await(synthesizer().synthesize(new Synthesis(fixture.model(), "Who?",
                List.of("Apple makes phones.", "Tesla makes cars.", "Otters hold hands."), SOURCES, Map.of()), sink));

        assertEquals(List.of("""
                Context information is below.
                ---------------------
                Apple makes phones.
                ---------------------
                Given the context information and not prior knowledge, answer the query.
                Query: Who?
                Answer:""", REFINE.formatted("Who?", "Apple.", "Tesla makes cars."),
                REFINE.formatted("Who?", "Apple, Tesla.", "Otters hold hands.")), fixture.prompts());
        assertEquals("Apple, Tesla and otters.", result.text());
        assertStreamed("Apple, Tesla and otters.", sink);
    }

    @Test
    void a_passage_longer_than_the_window_is_cut_and_its_second_piece_refines_the_answer_to_the_first() throws Exception {
        fixture.openAi().replyWhen("Context information is below.", "First piece.");

        await(synthesizer().synthesize(new Synthesis(fixture.model(), "What?", List.of(sentences(1, 600)), SOURCES, Map.of()),
                sink));

        List<String> prompts = fixture.prompts();
        assertEquals(2, prompts.size());
        assertFalse(prompts.get(0).contains(sentence(600)));
        assertTrue(prompts.get(1).startsWith(REFINE.formatted("What?", "First piece.", "").split("\n------------")[0]),
                prompts.get(1));
        assertTrue(prompts.get(1).contains(sentence(600)));
        assertEquals("Echo: " + prompts.get(1), sink.text());
    }

    private ResponseSynthesizer synthesizer() {
        return fixture.load("refineLlamaIndex_0", "refineLlamaIndex", Map.of(), Role.RESPONSE_SYNTHESIZER);
    }
}
