package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ScoredDocument;

import java.util.Comparator;

/**
 * The score Flowstream's own stores give a match, as LangChain's store of the same kind computes
 * it, so that a threshold means what it means in Flowise. Stateless.
 */
enum LocalScore {

    /** LangChain's {@code MemoryVectorStore}: cosine similarity, highest first. */
    COSINE_SIMILARITY {
        @Override
        double of(float[] query, float[] stored) {
            return MaximalMarginalRelevance.cosine(query, stored);
        }

        @Override
        Comparator<ScoredDocument> closestFirst() {
            return Comparator.comparingDouble((ScoredDocument match) -> -match.score());
        }
    },

    /** LangChain's {@code FaissStore} on faiss's {@code IndexFlatL2} (Flowise's faiss node): squared euclidean distance, lowest first. */
    SQUARED_EUCLIDEAN {
        @Override
        double of(float[] query, float[] stored) {
            double sum = 0;
            for (int i = 0; i < query.length; i++) {
                double difference = (double) query[i] - stored[i];
                sum += difference * difference;
            }
            return sum;
        }

        @Override
        Comparator<ScoredDocument> closestFirst() {
            return Comparator.comparingDouble(ScoredDocument::score);
        }
    };

    /** The score of a stored vector for a query of the same length. */
    abstract double of(float[] query, float[] stored);

    abstract Comparator<ScoredDocument> closestFirst();
}
