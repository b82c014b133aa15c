package dev.flowstream.chatflow.retrievers;

import dev.flowstream.streaming.SourceDocument;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: a document found at rank r (from 1) of a result list scores
 * {@code 1 / (r + c)} there, and its scores over all lists add up; the best {@code topK} come out,
 * best first (ties in the order first found), each once, with its score as
 * {@code metadata.relevancy_score}, as Flowise's node reports it. Stateless.
 */
final class RankFusion {

    static final String SCORE = "relevancy_score";

    private RankFusion() {
    }

    static List<SourceDocument> fuse(List<List<SourceDocument>> results, double c, int topK) {
        Map<SourceDocument, Double> scores = new LinkedHashMap<>();
        for (List<SourceDocument> result : results) {
            for (int rank = 1; rank <= result.size(); rank++) {
                scores.merge(result.get(rank - 1), 1.0 / (rank + c), Double::sum);
            }
        }
        return scores.entrySet().stream()
                .sorted(Map.Entry.<SourceDocument, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(topK)
                .map(scored -> scored(scored.getKey(), scored.getValue()))
                .toList();
    }

    private static SourceDocument scored(SourceDocument document, double score) {
        Map<String, Object> metadata = new HashMap<>(document.metadata());
        metadata.put(SCORE, score);
        return new SourceDocument(document.pageContent(), metadata);
    }
}
