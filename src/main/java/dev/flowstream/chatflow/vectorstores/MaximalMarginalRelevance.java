package dev.flowstream.chatflow.vectorstores;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance, as LangChain's stores apply it for Flowise's search type
 * {@code mmr}: the candidate closest to the query first, then, one at a time, the candidate with
 * the best {@code lambda * similarity to the query - (1 - lambda) * similarity to the closest one
 * already chosen}; cosine similarity throughout. {@code lambda} 1 ranks by relevance alone, 0 by
 * diversity alone. Stateless.
 */
final class MaximalMarginalRelevance {

    private MaximalMarginalRelevance() {
    }

    /** The indexes of the chosen candidates, in the order chosen: at most {@code k}. */
    static List<Integer> select(float[] query, List<float[]> candidates, int k, double lambda) {
        int wanted = Math.min(k, candidates.size());
        List<Integer> chosen = new ArrayList<>();
        if (wanted <= 0) return chosen;
        double[] relevance = new double[candidates.size()];
        double[] redundancy = new double[candidates.size()];
        for (int i = 0; i < relevance.length; i++) {
            relevance[i] = cosine(query, candidates.get(i));
            redundancy[i] = Double.NEGATIVE_INFINITY;
        }
        while (chosen.size() < wanted) {
            int best = best(relevance, redundancy, chosen, lambda);
            chosen.add(best);
            // each candidate's likeness to the chosen ones only grows: keep the largest so far
            for (int i = 0; i < redundancy.length; i++) {
                redundancy[i] = Math.max(redundancy[i], cosine(candidates.get(i), candidates.get(best)));
            }
        }
        return chosen;
    }

    private static int best(double[] relevance, double[] redundancy, List<Integer> chosen, double lambda) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < relevance.length; i++) {
            if (chosen.contains(i)) continue;
            double score = chosen.isEmpty() ? relevance[i] : lambda * relevance[i] - (1 - lambda) * redundancy[i];
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** Cosine similarity; 0 when either vector is all zeros. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
