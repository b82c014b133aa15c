package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;

import java.util.Objects;

/**
 * One match of a {@link ScoredSearch} and the score its store gives it, as LangChain's
 * {@code similaritySearchWithScore} pairs them: a similarity for some stores, a distance for others.
 * Immutable.
 */
public record ScoredDocument(SourceDocument document, double score) {

    public ScoredDocument {
        Objects.requireNonNull(document, "document");
    }
}
