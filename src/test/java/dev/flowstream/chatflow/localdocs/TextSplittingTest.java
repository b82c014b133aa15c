package dev.flowstream.chatflow.localdocs;

import dev.flowstream.chatflow.support.WordTokens;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Passages for the index and word tokens for the stream. */
class TextSplittingTest {

    @Test
    void word_tokens_keep_their_whitespace_so_they_join_back_to_the_text() {
        String text = "  Hello,  world!\n\nNext\tline ";

        List<String> tokens = WordTokens.split(text);

        assertEquals(List.of("  Hello,  ", "world!\n\n", "Next\t", "line "), tokens);
        assertEquals(text, String.join("", tokens));
        assertEquals(List.of(), WordTokens.split(""));
    }

    @Test
    void passages_split_at_blank_lines_and_keep_headings_with_their_paragraph() {
        String markdown = "# Title\n\n## Part\n\nFirst paragraph\nstill first.\n\n\n  \nSecond.\n";

        assertEquals(List.of("# Title\n\n## Part\n\nFirst paragraph\nstill first.", "Second."),
                PassageSplitter.split(markdown));
    }

    @Test
    void a_fenced_code_block_with_blank_lines_stays_one_passage() {
        String markdown = "Intro.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.";

        assertEquals(List.of("Intro.", "```js\nconst a = 1;\n\nconst b = 2;\n```", "After."),
                PassageSplitter.split(markdown));
    }

    @Test
    void windows_line_endings_split_the_same() {
        assertEquals(List.of("One", "Two\nThree"), PassageSplitter.split("One\r\n\r\nTwo\r\nThree"));
    }
}
