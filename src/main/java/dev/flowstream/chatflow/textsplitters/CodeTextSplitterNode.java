package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.support.llamaindex.JsText;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
        return split(text, separators);
    }

    private List<String> split(String text, List<String> tried) {
        String separator = tried.get(tried.size() - 1);
        List<String> finer = List.of();
        for (int i = 0; i < tried.size(); i++) {
            String candidate = tried.get(i);
            if (candidate.isEmpty() || text.contains(candidate)) {
                separator = candidate;
                finer = candidate.isEmpty() ? List.of() : tried.subList(i + 1, tried.size());
                break;
            }
        }
        List<String> chunks = new ArrayList<>();
        List<String> fitting = new ArrayList<>();
        for (String piece : pieces(text, separator)) {
            if (piece.length() < chunkSize) {
                fitting.add(piece);
                continue;
            }
            chunks.addAll(merge(fitting));
            fitting.clear();
            chunks.addAll(finer.isEmpty() ? List.of(piece) : split(piece, finer));
        }
        chunks.addAll(merge(fitting));
        return chunks;
    }

    /** The text cut before each separator, which stays with the piece after it; by UTF-16 unit without one. */
    private static List<String> pieces(String text, String separator) {
        List<String> pieces = new ArrayList<>();
        if (separator.isEmpty()) {
            for (int i = 0; i < text.length(); i++) pieces.add(String.valueOf(text.charAt(i)));
            return pieces;
        }
        for (String part : text.split("(?=" + Pattern.quote(separator) + ")")) {
            if (!part.isEmpty()) pieces.add(part);
        }
        return pieces;
    }

    /** LangChain's mergeSplits with no joining separator: pieces packed up to chunkSize, overlapping by up to chunkOverlap. */
    private List<String> merge(List<String> pieces) {
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int total = 0;
        for (String piece : pieces) {
            if (total + piece.length() > chunkSize && !current.isEmpty()) {
                addChunk(chunks, current);
                while (total > chunkOverlap || (total + piece.length() > chunkSize && total > 0)) {
                    total -= current.remove(0).length();
                }
            }
            current.add(piece);
            total += piece.length();
        }
        addChunk(chunks, current);
        return chunks;
    }

    private static void addChunk(List<String> chunks, List<String> pieces) {
        String chunk = JsText.trim(String.join("", pieces));
        if (!chunk.isEmpty()) chunks.add(chunk);
    }
}
