package dev.flowstream.chatflow.localdocs;

import dev.flowstream.streaming.SourceDocument;

import java.util.Map;
import java.util.Objects;

/**
 * One searchable piece of a document: a paragraph (with its heading) of {@code source}, the file
 * name relative to the indexed directory, at position {@code index} within that file. Immutable.
 */
record Passage(String text, String source, int index) {

    Passage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }

    /** Flowise's shape: {@code {pageContent, metadata: {source, passage}}}. */
    SourceDocument toSourceDocument() {
        return new SourceDocument(text, Map.of("source", source, "passage", index));
    }
}
