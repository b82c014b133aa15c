package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import java.util.ArrayList;
import java.util.List;

/**
 * Flowise's {@code recursiveCharacterTextSplitter}, {@code characterTextSplitter} and
 * {@code markdownTextSplitter}: cut text into chunks of at most {@code chunkSize} characters
 * (default 1000) that repeat the last {@code chunkOverlap} characters of the previous chunk
 * (default 200), as LangChain does. The character splitter cuts at its {@code separator} (default
 * a blank line) only; the recursive one tries blank lines, then lines, then spaces, then
 * characters, until every piece fits; the Markdown one (and {@link HtmlToMarkdownSplitter}, after
 * converting) first tries headings (level 2 and below), code blocks and rules.
 *
 * <p>Threading: an immutable value; safe to use concurrently.
 */
record TextSplitterNode(int chunkSize, int chunkOverlap, List<String> separators) implements TextSplitter {

    static final String RECURSIVE = "recursiveCharacterTextSplitter";
    static final String CHARACTER = "characterTextSplitter";
    static final String MARKDOWN = "markdownTextSplitter";
    /** LangChain's Markdown separators: headings from level 2 down, code blocks, rules, then as the recursive one. */
    private static final List<String> MARKDOWN_SEPARATORS = List.of("\n## ", "\n### ", "\n#### ", "\n##### ",
            "\n###### ", "```\n\n", "\n\n***\n\n", "\n\n---\n\n", "\n\n___\n\n", "\n\n", "\n", " ", "");

    TextSplitterNode {
        separators = List.copyOf(separators);
    }

    static TextSplitterNode load(ExportNode node) {
        NodeInputs in = node.inputs();
        int size = in.integer("chunkSize").orElse(1000);
        int overlap = in.integer("chunkOverlap").orElse(200);
        if (size < 1) throw node.failure("input chunkSize must be at least 1");
        if (overlap < 0 || overlap >= size) throw node.failure("input chunkOverlap must be at least 0 and less than chunkSize");
        List<String> separators = switch (node.name()) {
            case CHARACTER -> List.of(unescape(in.text("separator").orElse("\n\n")));
            case MARKDOWN, HtmlToMarkdownSplitter.NAME -> markdown(node);
            default -> List.of("\n\n", "\n", " ", "");
        };
        return new TextSplitterNode(size, overlap, separators);
    }

    private static List<String> markdown(ExportNode node) {
        String byHeaders = node.inputs().text("splitByHeaders").map(String::trim).orElse("disabled");
        if (!byHeaders.equals("disabled")) {
            throw node.failure("input splitByHeaders " + byHeaders + " is not supported yet; use disabled");
        }
        return MARKDOWN_SEPARATORS;
    }

    @Override
    public List<String> split(String text) {
        return split(text, separators);
    }

    private List<String> split(String text, List<String> tried) {
        String separator = tried.get(0);
        List<String> rest = tried.subList(1, tried.size());
        List<String> pieces = new ArrayList<>();
        List<String> fitting = new ArrayList<>();
        for (String piece : pieces(text, separator)) {
            if (piece.length() <= chunkSize || rest.isEmpty()) {
                fitting.add(piece);
                continue;
            }
            pieces.addAll(merge(fitting, separator));
            fitting.clear();
            pieces.addAll(split(piece, rest));
        }
        pieces.addAll(merge(fitting, separator));
        return pieces;
    }

    private static List<String> pieces(String text, String separator) {
        if (separator.isEmpty()) return text.codePoints().mapToObj(Character::toString).toList();
        List<String> pieces = new ArrayList<>();
        for (String piece : text.split(java.util.regex.Pattern.quote(separator), -1)) {
            if (!piece.isEmpty()) pieces.add(piece);
        }
        return pieces;
    }

    /** LangChain's mergeSplits: pieces joined up to chunkSize, each chunk starting with the last chunkOverlap. */
    private List<String> merge(List<String> pieces, String separator) {
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = 0;
        for (String piece : pieces) {
            int added = piece.length() + (current.isEmpty() ? 0 : separator.length());
            if (length + added > chunkSize && !current.isEmpty()) {
                addChunk(chunks, current, separator);
                while (length > chunkOverlap || (length + added > chunkSize && length > 0)) {
                    length -= current.remove(0).length() + (current.isEmpty() ? 0 : separator.length());
                }
                added = piece.length() + (current.isEmpty() ? 0 : separator.length());
            }
            current.add(piece);
            length += added;
        }
        addChunk(chunks, current, separator);
        return chunks;
    }

    private static void addChunk(List<String> chunks, List<String> pieces, String separator) {
        String chunk = String.join(separator, pieces).strip();
        if (!chunk.isEmpty()) chunks.add(chunk);
    }

    /** Flowise's separator field takes {@code \n} as typed, meaning a line break. */
    private static String unescape(String separator) {
        return separator.replace("\\n", "\n").replace("\\t", "\t");
    }
}
