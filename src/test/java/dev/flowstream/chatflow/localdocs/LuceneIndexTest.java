package dev.flowstream.chatflow.localdocs;

import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Searching passages the way questions about technical documents are asked. */
class LuceneIndexTest {

    private static final List<Passage> PASSAGES = List.of(
            new Passage("Set `cors.origins` to the allowed browser origins.", "config.md", 0),
            new Passage("Send socketIOClientId in the body to receive tokens.", "streaming.md", 0),
            new Passage("# Installing\n\nDrop the WAR into webapps.", "install.md", 0),
            new Passage("Installing is easy, installing is quick, installing is done.", "other.md", 0));

    @Test
    void identifiers_match_by_their_parts() {
        try (LuceneIndex index = LuceneIndex.of(PASSAGES)) {
            assertEquals("config.md", source(index.search("CORS", 1)));
            assertEquals("streaming.md", source(index.search("which client id do I send?", 1)));
        }
    }

    @Test
    void words_every_question_has_do_not_match_anything() {
        try (LuceneIndex index = LuceneIndex.of(PASSAGES)) {
            assertEquals(List.of(), index.search("how do I do what you can?", 3));
        }
    }

    @Test
    void a_heading_match_ranks_above_the_same_words_in_a_body() {
        try (LuceneIndex index = LuceneIndex.of(PASSAGES)) {
            assertEquals("install.md", source(index.search("installation", 1)));
        }
    }

    @Test
    void results_are_capped_at_k_and_carry_their_source_and_position() {
        try (LuceneIndex index = LuceneIndex.of(PASSAGES)) {
            List<SourceDocument> found = index.search("installing tokens origins", 2);

            assertEquals(2, found.size());
            assertTrue(found.get(0).metadata().containsKey("source"));
            assertEquals(0, found.get(0).metadata().get("passage"));
            assertEquals(List.of(), index.search("installing", 0));
        }
    }

    private static String source(List<SourceDocument> found) {
        assertEquals(1, found.size(), () -> "found " + found);
        return (String) found.get(0).metadata().get("source");
    }
}
