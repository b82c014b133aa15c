package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.UsedTool;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full answer of one run: always the whole text, streamed or not, and the value an output
 * parser made of it, when the flow has one (Flowise's {@code json}). Immutable.
 */
public record FlowResult(String text, List<SourceDocument> sourceDocuments, List<UsedTool> usedTools,
                         Optional<JsonNode> json) {
    public FlowResult {
        Objects.requireNonNull(text, "text");
        sourceDocuments = List.copyOf(sourceDocuments);
        usedTools = List.copyOf(usedTools);
        Objects.requireNonNull(json, "json");
        json = json.map(JsonNode::deepCopy);
    }

    public FlowResult(String text, List<SourceDocument> sourceDocuments, List<UsedTool> usedTools) {
        this(text, sourceDocuments, usedTools, Optional.empty());
    }

    public static FlowResult text(String text) {
        return new FlowResult(text, List.of(), List.of());
    }

    /** A parsed answer: {@code json}, with {@code text} standing for it where only text is kept. */
    public static FlowResult parsed(JsonNode json, String text) {
        return new FlowResult(text, List.of(), List.of(), Optional.of(json));
    }
}
