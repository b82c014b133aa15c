package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Documents as LlamaIndex's vector stores take them in: cut by its node parser into text nodes
 * that keep their document's metadata, and embedded as LlamaIndex embeds a node: its metadata
 * ({@code key: value} lines, keys sorted), a blank line, then its text. Stateless.
 */
public final class TextNodes {

    private TextNodes() {
    }

    /** The nodes of {@code documents}, in order; a document without text gives none. */
    public static List<SourceDocument> of(List<SourceDocument> documents) {
        List<SourceDocument> nodes = new ArrayList<>();
        for (SourceDocument document : documents) {
            if (document.pageContent().isEmpty()) continue;
            for (String chunk : SentenceSplitter.NODE_PARSER.split(document.pageContent())) {
                nodes.add(new SourceDocument(chunk, document.metadata()));
            }
        }
        return nodes;
    }

    /** What LlamaIndex embeds for a node. */
    public static String embedded(SourceDocument node) {
        String metadata = new TreeMap<>(node.metadata()).entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining("\n"));
        return JsText.trim(JsText.trim(metadata) + "\n\n" + node.pageContent());
    }

    /** What a synthesizer reads of a node: its text, trimmed. */
    public static String content(SourceDocument node) {
        return JsText.trim(node.pageContent());
    }
}
