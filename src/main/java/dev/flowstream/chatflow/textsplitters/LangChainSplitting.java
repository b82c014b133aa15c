package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.support.llamaindex.JsText;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * LangChain JS's splitting, which Flowise's splitters run: the recursive splitter cuts with the
 * first of its separators the text holds, keeping each separator at the start of the piece after
 * it, packs the pieces shorter than a chunk and cuts the longer ones again with the separators that
 * follow; the character splitter cuts at its one separator, dropping it. Both pack pieces with
 * LangChain's {@code mergeSplits}: up to {@code chunkSize} UTF-16 units a chunk (JavaScript's
 * length), each chunk starting with up to {@code chunkOverlap} of the previous one's pieces,
 * trimmed as JavaScript trims. Stateless.
 */
final class LangChainSplitting {

    private LangChainSplitting() {
    }

    /**
     * RecursiveCharacterTextSplitter with its default {@code keepSeparator}. A piece still too long
     * after the last separator found is cut into characters when that separator was not the empty
     * one, and kept whole otherwise, as LangChain does.
     */
    static List<String> recursive(String text, List<String> separators, int chunkSize, int chunkOverlap) {
        String separator = separators.isEmpty() ? "" : separators.get(separators.size() - 1);
        List<String> finer = null;
        for (int i = 0; i < separators.size(); i++) {
            String candidate = separators.get(i);
            if (candidate.isEmpty()) {
                separator = candidate;
                break;
            }
            if (text.contains(candidate)) {
                separator = candidate;
                finer = separators.subList(i + 1, separators.size());
                break;
            }
        }
        List<String> chunks = new ArrayList<>();
        List<String> fitting = new ArrayList<>();
        for (String piece : pieces(text, separator, true)) {
            if (piece.length() < chunkSize) {
                fitting.add(piece);
                continue;
            }
            chunks.addAll(merge(fitting, "", chunkSize, chunkOverlap));
            fitting.clear();
            chunks.addAll(finer == null ? List.of(piece) : recursive(piece, finer, chunkSize, chunkOverlap));
        }
        chunks.addAll(merge(fitting, "", chunkSize, chunkOverlap));
        return chunks;
    }

    /** CharacterTextSplitter: cut at {@code separator} (by UTF-16 unit when empty), packed and joined with it. */
    static List<String> character(String text, String separator, int chunkSize, int chunkOverlap) {
        return merge(pieces(text, separator, false), separator, chunkSize, chunkOverlap);
    }

    /** The non-empty pieces of the text around each separator, the separator kept before the next piece or dropped. */
    private static List<String> pieces(String text, String separator, boolean keep) {
        List<String> pieces = new ArrayList<>();
        if (separator.isEmpty()) {
            for (int i = 0; i < text.length(); i++) pieces.add(String.valueOf(text.charAt(i)));
            return pieces;
        }
        String quoted = Pattern.quote(separator);
        for (String part : text.split(keep ? "(?=" + quoted + ")" : quoted, -1)) {
            if (!part.isEmpty()) pieces.add(part);
        }
        return pieces;
    }

    /** LangChain's mergeSplits: the running length counts the pieces, and one separator for each piece held. */
    private static List<String> merge(List<String> pieces, String separator, int chunkSize, int chunkOverlap) {
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int total = 0;
        for (String piece : pieces) {
            if (total + piece.length() + current.size() * separator.length() > chunkSize && !current.isEmpty()) {
                add(chunks, current, separator);
                while (total > chunkOverlap
                        || (total + piece.length() + current.size() * separator.length() > chunkSize && total > 0)) {
                    total -= current.remove(0).length();
                }
            }
            current.add(piece);
            total += piece.length();
        }
        add(chunks, current, separator);
        return chunks;
    }

    private static void add(List<String> chunks, List<String> pieces, String separator) {
        String chunk = JsText.trim(String.join(separator, pieces));
        if (!chunk.isEmpty()) chunks.add(chunk);
    }
}
