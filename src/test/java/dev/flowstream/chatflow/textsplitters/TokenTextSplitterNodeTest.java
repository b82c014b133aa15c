package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowLoadException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * tokenTextSplitter cuts as LangChain's TokenTextSplitter does. The expected chunks were printed by
 * {@code @langchain/textsplitters} 0.1.0's and 1.0.1's TokenTextSplitter (the same) with js-tiktoken
 * 1.0.21's ranks, on the same texts and settings.
 */
class TokenTextSplitterNodeTest {

    private static final String OTTERS = "Otters hold hands while they sleep, so that they do not drift apart. "
            + "Sea otters eat urchins — and crabs!";

    @Test
    void gpt2_tokens_are_cut_into_overlapping_runs_as_langchain_cuts_them() {
        List<String> expected = List.of("Otters hold hands while they sleep, so", " sleep, so that they do not drift apart.",
                " drift apart. Sea otters eat urchins", " urchins — and crabs!");

        assertEquals(expected, load(Map.of("encodingName", "gpt2", "chunkSize", "10", "chunkOverlap", "3")).split(OTTERS));
        assertEquals(expected, load(Map.of("encodingName", "p50k_base", "chunkSize", "10", "chunkOverlap", "3")).split(OTTERS));
        assertEquals(expected, load(Map.of("chunkSize", "10", "chunkOverlap", "3")).split(OTTERS), "gpt2 by default");
    }

    @Test
    void cl100k_base_tokens_cut_elsewhere() {
        assertEquals(List.of("Otters hold hands while they sleep, so that", ", so that they do not drift apart. Sea",
                        " apart. Sea otters eat urchins —", "urchins — and crabs!"),
                load(Map.of("encodingName", "cl100k_base", "chunkSize", "10", "chunkOverlap", "3")).split(OTTERS));
    }

    @Test
    void a_character_cut_between_two_runs_comes_out_as_replacement_characters() {
        assertEquals(List.of("Otters \uFFFD", "\uFFFD\uFFFD float"),
                load(Map.of("chunkSize", "4", "chunkOverlap", "0")).split("Otters 🦦 float"));
    }

    @Test
    void the_defaults_keep_a_short_text_whole() {
        assertEquals(List.of(OTTERS), load(Map.of()).split(OTTERS));
    }

    @Test
    void a_text_with_a_special_token_is_refused_naming_the_node() {
        TokenTextSplitterNode splitter = load(Map.of());

        assertEquals("node splitter_0 (tokenTextSplitter) cannot cut a text that holds a special token such as <|endoftext|>",
                assertThrows(FlowLoadException.class, () -> splitter.split("a <|endoftext|> b")).getMessage());
    }

    @Test
    void an_unknown_encoding_or_an_overlap_as_large_as_the_chunk_fails_the_load_naming_the_input() {
        assertEquals("node splitter_0 (tokenTextSplitter) input encodingName must be one of gpt2, r50k_base, p50k_base, "
                        + "p50k_edit, cl100k_base, not o200k_base",
                assertThrows(FlowLoadException.class, () -> load(Map.of("encodingName", "o200k_base"))).getMessage());
        assertEquals("node splitter_0 (tokenTextSplitter) input chunkOverlap must be at least 0 and less than chunkSize",
                assertThrows(FlowLoadException.class, () -> load(Map.of("chunkSize", "5", "chunkOverlap", "5"))).getMessage());
    }

    private static TokenTextSplitterNode load(Map<String, Object> inputs) {
        return TokenTextSplitterNode.load(ProviderFixture.node("splitter_0", TokenTextSplitterNode.NAME, inputs));
    }
}
