package dev.flowstream.chatflow.retrievers;

import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reciprocal rank fusion of result lists, as RRFRetriever merges the searches of its queries. */
class RankFusionTest {

    private static final SourceDocument A = new SourceDocument("a", Map.of("source", "a.md"));
    private static final SourceDocument B = new SourceDocument("b", Map.of());
    private static final SourceDocument C = new SourceDocument("c", Map.of());

    @Test
    void scores_add_up_over_the_lists_and_the_best_come_first_with_their_score() {
        List<SourceDocument> fused = RankFusion.fuse(List.of(List.of(A, B, C), List.of(B, A), List.of(B)), 60, 3);

        assertEquals(List.of("b", "a", "c"), fused.stream().map(SourceDocument::pageContent).toList());
        assertEquals(1.0 / 62 + 1.0 / 61 + 1.0 / 61, (double) fused.get(0).metadata().get(RankFusion.SCORE), 1e-12);
        assertEquals(Map.of("source", "a.md", RankFusion.SCORE, 1.0 / 61 + 1.0 / 62), fused.get(1).metadata());
        assertEquals(1.0 / 63, (double) fused.get(2).metadata().get(RankFusion.SCORE), 1e-12);
    }

    @Test
    void only_top_k_come_out_and_ties_keep_the_order_first_found() {
        List<SourceDocument> fused = RankFusion.fuse(List.of(List.of(C, A), List.of(A, C), List.of(B)), 0, 2);

        assertEquals(List.of("c", "a"), fused.stream().map(SourceDocument::pageContent).toList());
        assertEquals(1.5, (double) fused.get(0).metadata().get(RankFusion.SCORE), 1e-12);
    }

    @Test
    void a_smaller_c_weighs_the_first_ranks_more() {
        List<List<SourceDocument>> results = List.of(List.of(A, C), List.of(B, C));

        assertEquals("c", RankFusion.fuse(results, 60, 1).get(0).pageContent(), "two second places beat one first");
        assertEquals("a", RankFusion.fuse(results, 0, 1).get(0).pageContent(), "one first place beats two second");
    }
}
