package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Maximal marginal relevance on small vectors, and the search settings that turn it on. */
class MaximalMarginalRelevanceTest {

    private static final float[] QUERY = {1, 0, 0};
    /** Close to the query. */
    private static final float[] A = {0.9f, 0.436f, 0};
    /** A near copy of A, a little less close to the query. */
    private static final float[] B = {0.88f, 0.475f, 0};
    /** Farther from the query, but unlike A. */
    private static final float[] C = {0.8f, 0, 0.6f};
    private static final List<float[]> CANDIDATES = List.of(A, B, C);

    @Test
    void with_lambda_one_the_candidates_come_by_relevance_alone() {
        assertEquals(List.of(0, 1, 2), MaximalMarginalRelevance.select(QUERY, CANDIDATES, 3, 1.0));
    }

    @Test
    void the_closest_comes_first_then_a_different_candidate_beats_a_near_copy() {
        assertEquals(List.of(0, 2), MaximalMarginalRelevance.select(QUERY, CANDIDATES, 2, 0.5));
        assertEquals(List.of(0, 2, 1), MaximalMarginalRelevance.select(QUERY, CANDIDATES, 3, 0.5));
    }

    @Test
    void with_lambda_zero_the_second_is_the_least_like_the_first_even_far_from_the_query() {
        float[] far = {0, 0, 1};
        assertEquals(List.of(0, 2), MaximalMarginalRelevance.select(QUERY, List.of(A, B, far), 2, 0.0));
    }

    @Test
    void it_returns_at_most_the_candidates_there_are_and_none_for_none() {
        assertEquals(List.of(0, 2, 1), MaximalMarginalRelevance.select(QUERY, CANDIDATES, 10, 0.5));
        assertEquals(List.of(), MaximalMarginalRelevance.select(QUERY, List.of(), 4, 0.5));
        assertEquals(List.of(), MaximalMarginalRelevance.select(QUERY, CANDIDATES, 0, 0.5));
    }

    @Test
    void a_store_search_asks_for_fetch_k_candidates_under_mmr_and_picks_top_k_of_them() {
        StoreSearch mmr = StoreSearch.of(ProviderFixture.node("s", "supabase", Map.of("searchType", "mmr", "topK", "2")));
        StoreSearch similarity = StoreSearch.of(ProviderFixture.node("s", "supabase", Map.of("topK", "2")));
        List<VectorIndex.Entry> closestFirst = List.of(entry(A, "a"), entry(B, "b"), entry(C, "c"));

        assertEquals(new StoreSearch(2, Optional.of(new StoreSearch.Mmr(20, 0.5))), mmr);
        assertEquals(20, mmr.candidates());
        assertEquals(2, similarity.candidates());
        assertEquals(List.of("a", "c"), texts(mmr.select(QUERY, closestFirst)));
        assertEquals(List.of("a", "b"), texts(similarity.select(QUERY, closestFirst)));
    }

    @Test
    void mmr_settings_out_of_range_fail_the_load_naming_the_input() {
        assertEquals("node s (supabase) input lambda must be between 0 and 1", assertThrows(RuntimeException.class,
                () -> StoreSearch.of(ProviderFixture.node("s", "supabase", Map.of("searchType", "mmr", "lambda", "1.5")))).getMessage());
        assertEquals("node s (supabase) input fetchK must be between 1 and 1000", assertThrows(RuntimeException.class,
                () -> StoreSearch.of(ProviderFixture.node("s", "supabase", Map.of("searchType", "mmr", "fetchK", "0")))).getMessage());
    }

    private static VectorIndex.Entry entry(float[] vector, String text) {
        return new VectorIndex.Entry(vector, new SourceDocument(text, Map.of()));
    }

    private static List<String> texts(List<SourceDocument> documents) {
        return documents.stream().map(SourceDocument::pageContent).toList();
    }
}
