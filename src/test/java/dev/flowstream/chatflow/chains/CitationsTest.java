package dev.flowstream.chatflow.chains;

import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Vectara's citations renumbered in the order the answer cites them, across pieces cut anywhere. */
class CitationsTest {

    private static final List<SourceDocument> RESULTS = List.of(new SourceDocument("one", Map.of()),
            new SourceDocument("two", Map.of()), new SourceDocument("three", Map.of()));

    @Test
    void citations_are_numbered_by_first_appearance_even_when_a_piece_ends_inside_one() {
        Citations citations = new Citations();
        List<String> out = new ArrayList<>();
        for (String piece : List.of("Cars [", "3] and phones [1", "] and [", "3], again [12]")) out.add(citations.next(piece));
        out.add(citations.rest());

        assertEquals(List.of("Cars ", "[1] and phones ", "[2] and ", "[1], again [3]", ""), out);
        assertEquals(List.of(RESULTS.get(2), RESULTS.get(0)), citations.cited(RESULTS));
    }

    @Test
    void an_unclosed_bracket_at_the_end_is_given_back_as_written() {
        Citations citations = new Citations();

        assertEquals("see ", citations.next("see [4"));
        assertEquals("[4", citations.rest());
        assertEquals(List.of(), citations.cited(RESULTS));
    }
}
