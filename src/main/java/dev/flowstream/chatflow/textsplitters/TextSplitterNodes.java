package dev.flowstream.chatflow.textsplitters;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code textsplitters} category: documents cut into chunks for a vector store. */
public final class TextSplitterNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(TextSplitterNode.RECURSIVE, (node, wiring) -> TextSplitterNode.load(node), Role.TEXT_SPLITTER),
            NodeType.of(TextSplitterNode.CHARACTER, (node, wiring) -> TextSplitterNode.load(node), Role.TEXT_SPLITTER),
            NodeType.of(TextSplitterNode.MARKDOWN, (node, wiring) -> TextSplitterNode.load(node), Role.TEXT_SPLITTER),
            NodeType.of(HtmlToMarkdownSplitter.NAME, (node, wiring) -> HtmlToMarkdownSplitter.load(node), Role.TEXT_SPLITTER),
            NodeType.of(TokenTextSplitterNode.NAME, (node, wiring) -> TokenTextSplitterNode.load(node), Role.TEXT_SPLITTER),
            NodeType.of(CodeTextSplitterNode.NAME, (node, wiring) -> CodeTextSplitterNode.load(node), Role.TEXT_SPLITTER));

    private TextSplitterNodes() {
    }
}
