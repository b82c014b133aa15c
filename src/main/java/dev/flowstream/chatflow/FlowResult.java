package dev.flowstream.chatflow;

import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.UsedTool;

import java.util.List;
import java.util.Objects;

/** The full answer of one run: always the whole text, streamed or not. Immutable. */
public record FlowResult(String text, List<SourceDocument> sourceDocuments, List<UsedTool> usedTools) {
    public FlowResult {
        Objects.requireNonNull(text, "text");
        sourceDocuments = List.copyOf(sourceDocuments);
        usedTools = List.copyOf(usedTools);
    }

    public static FlowResult text(String text) {
        return new FlowResult(text, List.of(), List.of());
    }
}
