package dev.flowstream.chatflow.support.llamaindex;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * LlamaIndex TS 0.3's sentence splitter, step for step (the expected chunks were produced by
 * LlamaIndex's own splitter on the same input): chunks by {@code cl100k_base} tokens, sentences
 * joined by spaces, the last sentences of a chunk repeated at the start of the next.
 */
class SentenceSplitterTest {

    @Test
    void sentences_are_joined_by_single_spaces_whatever_separated_them() {
        assertEquals(List.of("Apple makes phones. They sell well. Tesla makes cars!"),
                SentenceSplitter.NODE_PARSER.split("Apple makes phones.\nThey sell well.\n\nTesla makes cars!"));
    }

    @Test
    void chunks_hold_at_most_chunk_size_tokens_and_begin_with_the_previous_chunk_s_last_sentences_within_the_overlap() {
        // 4, 4, 5 and 5 tokens
        String text = "Apple makes phones. Tesla makes cars. Otters hold hands. Bees can count.";

        assertEquals(List.of("Apple makes phones. Tesla makes cars.", "Tesla makes cars. Otters hold hands.", "Bees can count."),
                new SentenceSplitter(10, 4).split(text));
    }

    @Test
    void a_sentence_ends_at_its_mark_before_a_closing_quote_as_in_llamaindex() {
        assertEquals(List.of("He said \"stop. \" Then he left."), SentenceSplitter.NODE_PARSER.split("He said \"stop.\" Then he left."));
    }

    @Test
    void a_sentence_longer_than_a_chunk_stays_whole_and_an_empty_text_has_no_chunk() {
        assertEquals(List.of("One two three four five six seven eight nine ten eleven twelve."),
                new SentenceSplitter(5, 1).split("One two three four five six seven eight nine ten eleven twelve."));
        assertEquals(List.of(), SentenceSplitter.NODE_PARSER.split(""));
    }

    @Test
    void an_overlap_larger_than_the_chunk_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new SentenceSplitter(10, 11));
    }
}
