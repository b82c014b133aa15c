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
import static org.junit.jupiter.api.Assertions.assertEquals;

/** simpleResponseBuilderLlamaIndex: every passage as it is, in one question-answering prompt. */
class SimpleResponseBuilderTest {

    @TempDir
    Path configDir;
    private LlamaIndexFixture fixture;

    @BeforeEach
    void start() {
        fixture = new LlamaIndexFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void every_passage_goes_unchanged_into_one_prompt_separated_by_blank_lines_and_the_answer_streams() throws Exception {
        RecordingSink sink = new RecordingSink();
        ResponseSynthesizer synthesizer = fixture.load("simpleResponseBuilderLlamaIndex_0", "simpleResponseBuilderLlamaIndex",
                Map.of(), Role.RESPONSE_SYNTHESIZER);

        FlowResult result = await(synthesizer.synthesize(new Synthesis(fixture.model(), "Who?",
                List.of("Apple makes phones.\nThey sell.", "Tesla makes cars."), SOURCES, Map.of()), sink));

        String prompt = """
                Context information is below.
                ---------------------
                Apple makes phones.
                They sell.

                Tesla makes cars.
                ---------------------
                Given the context information and not prior knowledge, answer the query.
                Query: Who?
                Answer:""";
        assertEquals(List.of(prompt), fixture.prompts());
        assertStreamed("Echo: " + prompt, sink);
        assertEquals(SOURCES, result.sourceDocuments());
    }
}
