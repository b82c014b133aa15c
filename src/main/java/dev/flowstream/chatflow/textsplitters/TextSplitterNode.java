package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flowise's {@code recursiveCharacterTextSplitter}, {@code characterTextSplitter} and
 * {@code markdownTextSplitter}: cut text into chunks of at most {@code chunkSize} characters
 * (default 1000) that repeat up to {@code chunkOverlap} characters of the previous chunk (default
 * 200), as LangChain's splitters do ({@link LangChainSplitting}). The character splitter cuts at its
 * {@code separator} (default a blank line) only; the recursive one with the first of its
 * {@code separators} (a JSON array; by default blank lines, lines, spaces, characters) the text
 * holds, and again with the next ones where a piece is still too long, keeping each separator with
 * the piece after it; the Markdown one (and {@link HtmlToMarkdownSplitter}, after converting) first
 * tries headings (level 2 and below), code blocks and rules.
 *
 * <p>Threading: an immutable value; safe to use concurrently.
 */
record TextSplitterNode(int chunkSize, int chunkOverlap, List<String> separators, boolean recursive) implements TextSplitter {

    static final String RECURSIVE = "recursiveCharacterTextSplitter";
    static final String CHARACTER = "characterTextSplitter";
    static final String MARKDOWN = "markdownTextSplitter";
    private static final List<String> RECURSIVE_SEPARATORS = List.of("\n\n", "\n", " ", "");
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
        return switch (node.name()) {
            case CHARACTER -> new TextSplitterNode(size, overlap, List.of(unescape(in.verbatim("separator").orElse("\n\n"))), false);
            case MARKDOWN, HtmlToMarkdownSplitter.NAME -> new TextSplitterNode(size, overlap, markdown(node), true);
            default -> new TextSplitterNode(size, overlap, separators(node), true);
        };
    }

    /** Flowise's {@code separators}: a JSON array of strings, in the order to try them. */
    private static List<String> separators(ExportNode node) {
        Optional<JsonNode> given = node.inputs().json("separators");
        if (given.isEmpty()) return RECURSIVE_SEPARATORS;
        JsonNode array = given.get();
        if (!array.isArray() || array.isEmpty()) throw node.failure("input separators must be a JSON array of strings, like [\"\\n\\n\", \" \"]");
        List<String> separators = new ArrayList<>();
        for (JsonNode separator : array) {
            if (!separator.isTextual()) throw node.failure("input separators must be a JSON array of strings, like [\"\\n\\n\", \" \"]");
            separators.add(separator.asText());
        }
        return separators;
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
        return recursive ? LangChainSplitting.recursive(text, separators, chunkSize, chunkOverlap)
                : LangChainSplitting.character(text, separators.get(0), chunkSize, chunkOverlap);
    }

    /** Flowise's separator field takes {@code \n} as typed, meaning a line break. */
    private static String unescape(String separator) {
        return separator.replace("\\n", "\n").replace("\\t", "\t");
    }
}
