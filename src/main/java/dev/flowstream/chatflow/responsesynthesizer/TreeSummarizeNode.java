package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.support.llamaindex.LlamaPrompt;
import dev.flowstream.chatflow.support.llamaindex.TreeSummarize;

/**
 * Flowise's {@code treeSummarizeLlamaIndex} ("TreeSummarize") node: LlamaIndex's tree summarize
 * with the node's {@code prompt} ({@code {context}}, {@code {query}}), LlamaIndex's own when empty.
 *
 * <p>Threading: loads an immutable synthesizer.
 */
final class TreeSummarizeNode {

    static final String NAME = "treeSummarizeLlamaIndex";

    private TreeSummarizeNode() {
    }

    static ResponseSynthesizer load(ExportNode node) {
        LlamaPrompt prompt = node.inputs().text("prompt").map(LlamaPrompt::textQa).orElse(LlamaPrompt.TREE_SUMMARIZE);
        return new TreeSummarize("node " + node.id() + " (" + node.name() + ")", prompt);
    }
}
