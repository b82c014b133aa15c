package dev.flowstream.streaming;

import java.util.Map;
import java.util.Objects;

/**
 * A passage a flow's answer is based on: Flowise's {@code {pageContent, metadata}}.
 * Immutable.
 */
public record SourceDocument(String pageContent, Map<String, Object> metadata) {
    public SourceDocument {
        Objects.requireNonNull(pageContent, "pageContent");
        metadata = Map.copyOf(metadata);
    }
}
