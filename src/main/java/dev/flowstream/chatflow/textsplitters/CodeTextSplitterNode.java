package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.TextSplitter;

import java.util.List;

/**
 * Flowise's {@code codeTextSplitter}: LangChain's recursive splitter with the separators of one
 * {@code language} ({@link CodeSeparators}), at most {@code chunkSize} characters a chunk (default
 * 1000) repeating up to {@code chunkOverlap} (default 200). Unlike the plain recursive splitter it
 * keeps each separator at the start of the piece that follows it, so {@code def} and {@code class}
 * stay on their lines; it cuts with the first separator the text holds, and pieces shorter than a
 * chunk are packed together as LangChain packs them. Lengths count UTF-16 units, as JavaScript's.
 *
 * <p>Threading: an immutable value; safe to use concurrently.
 */
record CodeTextSplitterNode(int chunkSize, int chunkOverlap, List<String> separators) implements TextSplitter {

    static final String NAME = "codeTextSplitter";

    CodeTextSplitterNode {
        separators = List.copyOf(separators);
    }

    static CodeTextSplitterNode load(ExportNode node) {
        String language = node.inputs().text("language").map(String::trim)
                .orElseThrow(() -> node.failure("needs a language in its language input, one of " + CodeSeparators.LANGUAGES));
        List<String> separators = CodeSeparators.of(language).orElseThrow(() -> node.failure("input language must be one of "
                + CodeSeparators.LANGUAGES + ", not " + language));
        int size = node.inputs().integer("chunkSize").orElse(1000);
        int overlap = node.inputs().integer("chunkOverlap").orElse(200);
        if (size < 1) throw node.failure("input chunkSize must be at least 1");
        if (overlap < 0 || overlap >= size) throw node.failure("input chunkOverlap must be at least 0 and less than chunkSize");
        return new CodeTextSplitterNode(size, overlap, separators);
    }

    @Override
    public List<String> split(String text) {
        return LangChainSplitting.recursive(text, separators, chunkSize, chunkOverlap);
    }
}
