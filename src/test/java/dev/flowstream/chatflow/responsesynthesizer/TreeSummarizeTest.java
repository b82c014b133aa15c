package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowFixture;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** treeSummarizeLlamaIndex: passages summarized in rounds until one prompt holds them; the last call streams. */
class TreeSummarizeTest {

    private static final String TREE = """
            Context information from multiple sources is below.
            ---------------------
            %s
            ---------------------
            Given the information from multiple sources and not prior knowledge, answer the query.
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
    void passages_that_fit_one_prompt_are_answered_in_one_streamed_call() throws Exception {
        FlowResult result = await(synthesizer(Map.of()).synthesize(synthesis(List.of("Apple makes phones.", "Tesla makes cars.")),
                sink));

        assertEquals(List.of(TREE.formatted("Apple makes phones. Tesla makes cars.", "Who?")), fixture.prompts());
        assertStreamed(result.text(), sink);
    }

    @Test
    void passages_beyond_one_prompt_are_summarized_apart_then_their_summaries_together() throws Exception {
        fixture.openAi().replyWhen(sentence(1) + " ", "Summary one.").replyWhen(sentence(600), "Summary two.");

        FlowResult result = await(synthesizer(Map.of()).synthesize(synthesis(List.of(sentences(1, 300), sentences(301, 600))),
                sink));

        List<String> prompts = fixture.prompts();
        assertEquals(3, prompts.size(), prompts.toString());
        String last = TREE.formatted("Summary one. Summary two.", "Who?");
        assertEquals(last, prompts.get(2));
        assertTrue(prompts.subList(0, 2).stream().allMatch(prompt -> prompt.startsWith(TREE.split("\n")[0])));
        assertEquals("Echo: " + last, result.text());
        assertStreamed("Echo: " + last, sink);
    }

    @Test
    void the_node_s_prompt_is_used_for_every_round() throws Exception {
        await(synthesizer(Map.of("prompt", "Sum up {context} for {query}")).synthesize(synthesis(List.of("Apple.")), sink));

        assertEquals(List.of("Sum up Apple. for Who?"), fixture.prompts());
    }

    @Test
    void without_passages_the_answer_fails_naming_the_node_and_no_model_is_asked() {
        ChatflowException failure = FlowFixture.failure(synthesizer(Map.of()).synthesize(synthesis(List.of()), sink));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertEquals("node treeSummarizeLlamaIndex_0 (treeSummarizeLlamaIndex): tree summarize needs at least one passage, "
                + "and there was none", failure.getMessage());
        assertEquals(0, fixture.openAi().requests());
        assertEquals(List.of(), sink.events());
    }

    private ResponseSynthesizer synthesizer(Map<String, Object> inputs) {
        return fixture.load("treeSummarizeLlamaIndex_0", "treeSummarizeLlamaIndex", inputs, Role.RESPONSE_SYNTHESIZER);
    }

    private Synthesis synthesis(List<String> passages) {
        return new Synthesis(fixture.model(), "Who?", passages, SOURCES, Map.of());
    }
}
