package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.NodeInputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * recursiveCharacterTextSplitter, markdownTextSplitter and characterTextSplitter cut as LangChain's
 * splitters do: every expected list below was printed by {@code @langchain/textsplitters} 1.0.1 (the
 * version Flowise pins) for the same text and settings.
 */
class TextSplitterNodeTest {

    @Test
    void the_recursive_splitter_packs_whole_paragraphs_into_chunks() {
        String text = "First paragraph here.\n\nSecond paragraph, a bit longer.\n\nThird.";
        TextSplitterNode narrow = load(TextSplitterNode.RECURSIVE, Map.of("chunkSize", "35", "chunkOverlap", "0"));
        TextSplitterNode wider = load(TextSplitterNode.RECURSIVE, Map.of("chunkSize", "40", "chunkOverlap", "0"));

        assertEquals(List.of("First paragraph here.", "Second paragraph, a bit longer.", "Third."), narrow.split(text));
        // the blank line stays with the paragraph after it, so 31 + 8 characters do not fit in 40
        assertEquals(List.of("First paragraph here.", "Second paragraph, a bit longer.", "Third."), wider.split(text));
    }

    @Test
    void the_recursive_splitter_cuts_long_text_at_spaces_with_overlapping_chunks() {
        TextSplitterNode splitter = load(TextSplitterNode.RECURSIVE, Map.of("chunkSize", "15", "chunkOverlap", "5"));

        assertEquals(List.of("one two three", "four five six", "six seven", "eight nine ten"),
                splitter.split("one two three four five six seven eight nine ten"));
    }

    @Test
    void the_recursive_splitter_cuts_a_word_longer_than_a_chunk_into_characters() {
        TextSplitterNode splitter = load(TextSplitterNode.RECURSIVE, Map.of("chunkSize", "4", "chunkOverlap", "0"));

        assertEquals(List.of("abcd", "efgh", "ij"), splitter.split("abcdefghij"));
    }

    @Test
    void the_markdown_splitter_cuts_at_headings_before_paragraphs() {
        TextSplitterNode splitter = load(TextSplitterNode.MARKDOWN, Map.of("chunkSize", "40", "chunkOverlap", "0"));
        String text = "# Guide\nIntro line.\n## Install\nRun the jar.\n\nThen open it.\n## Use\nAsk a question.";

        assertEquals(List.of("# Guide\nIntro line.", "## Install\nRun the jar.\n\nThen open it.", "## Use\nAsk a question."),
                splitter.split(text));
    }

    @Test
    void the_markdown_splitter_refuses_splitting_by_headers_for_now() {
        assertEquals("node splitter_0 (markdownTextSplitter) input splitByHeaders h2 is not supported yet; use disabled",
                assertThrows(FlowLoadException.class,
                        () -> load(TextSplitterNode.MARKDOWN, Map.of("splitByHeaders", "h2"))).getMessage());
    }

    @Test
    void the_character_splitter_cuts_only_at_its_separator_written_as_flowise_does() {
        TextSplitterNode splitter = load(TextSplitterNode.CHARACTER,
                Map.of("chunkSize", "3", "chunkOverlap", "0", "separator", "\\n"));

        assertEquals(List.of("aa", "bb", "cc"), splitter.split("aa\nbb\ncc"));
        assertEquals(List.of("abcdef"), splitter.split("abcdef"));
    }

    @Test
    void the_character_splitter_overlaps_whole_pieces_and_joins_them_with_its_separator() {
        TextSplitterNode splitter = load(TextSplitterNode.CHARACTER, Map.of("chunkSize", "7", "chunkOverlap", "3", "separator", " "));

        assertEquals(List.of("a b c d", "b c d e", "c d e f", "d e f g", "e f g h"), splitter.split("a b c d e f g h"));
    }

    @Test
    void the_recursive_splitter_takes_its_separators_from_a_json_array_in_order() {
        TextSplitterNode splitter = load(TextSplitterNode.RECURSIVE,
                Map.of("chunkSize", "10", "chunkOverlap", "0", "separators", "[\"|\", \"##\"]"));

        assertEquals(List.of("aaaa|bbbb", "|cccc", "##dddd"), splitter.split("aaaa|bbbb|cccc##dddd"));
    }

    @Test
    void a_piece_still_too_long_after_the_last_custom_separator_is_cut_into_characters() {
        TextSplitterNode splitter = load(TextSplitterNode.RECURSIVE,
                Map.of("chunkSize", "4", "chunkOverlap", "1", "separators", "[\"|\"]"));

        assertEquals(List.of("abcd", "defg", "gh", "|ij", "|klm", "mnop"), splitter.split("abcdefgh|ij|klmnop"));
    }

    @Test
    void the_character_splitter_counts_its_separator_between_the_pieces_it_holds() {
        TextSplitterNode splitter = load(TextSplitterNode.CHARACTER, Map.of("chunkSize", "10", "chunkOverlap", "4", "separator", ", "));

        assertEquals(List.of("alpha", "beta", "gamma", "delta", "epsilon"), splitter.split("alpha, beta, gamma, delta, epsilon"));
    }

    @Test
    void lengths_are_counted_in_utf_16_units_as_javascript_counts_them() {
        TextSplitterNode splitter = load(TextSplitterNode.RECURSIVE, Map.of("chunkSize", "12", "chunkOverlap", "4"));

        assertEquals(List.of("H\u00e9llo w\u00f6rld,", "\u00fcn\u00efcode \uD83D\uDE00", "\uD83D\uDE00 text", "here and", "and there"),
                splitter.split("H\u00e9llo w\u00f6rld, \u00fcn\u00efcode \uD83D\uDE00 text here and there"));
    }

    @Test
    void separators_that_are_not_a_json_array_of_strings_fail_the_load_naming_the_input() {
        for (String bad : List.of("\"|\"", "[1, 2]", "[\"|\"")) {
            FlowLoadException thrown = assertThrows(FlowLoadException.class,
                    () -> load(TextSplitterNode.RECURSIVE, Map.of("separators", bad)), bad);
            assertEquals(true, thrown.getMessage().startsWith("node splitter_0 (recursiveCharacterTextSplitter) input separators "),
                    thrown.getMessage());
        }
    }

    @Test
    void an_overlap_as_large_as_the_chunk_fails_the_load_naming_the_node() {
        FlowLoadException thrown = assertThrows(FlowLoadException.class,
                () -> load(TextSplitterNode.RECURSIVE, Map.of("chunkSize", "10", "chunkOverlap", "10")));

        assertEquals("node splitter_0 (recursiveCharacterTextSplitter) input chunkOverlap must be at least 0 "
                + "and less than chunkSize", thrown.getMessage());
    }

    private static TextSplitterNode load(String type, Map<String, String> inputs) {
        Map<String, JsonNode> values = new HashMap<>();
        inputs.forEach((key, value) -> values.put(key, TextNode.valueOf(value)));
        return TextSplitterNode.load(new ExportNode("splitter_0", type, type, new NodeInputs("splitter_0", type, values)));
    }
}
