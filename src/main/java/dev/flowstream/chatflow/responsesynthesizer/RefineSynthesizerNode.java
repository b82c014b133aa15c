package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.support.llamaindex.CompactAndRefine;
import dev.flowstream.chatflow.support.llamaindex.LlamaPrompt;
import dev.flowstream.chatflow.support.llamaindex.Refine;

/**
 * Flowise's {@code compactrefineLlamaIndex} ("Compact and Refine") and {@code refineLlamaIndex}
 * ("Refine") nodes: LlamaIndex's synthesizers of those names with the node's {@code textQAPrompt}
 * ({@code {context}}, {@code {query}}) and {@code refinePrompt} ({@code {existingAnswer}},
 * {@code {context}}, {@code {query}}); an empty prompt is LlamaIndex's own, which is also what
 * Flowise puts in a new node. The engine the node is connected to lends it its model.
 *
 * <p>Threading: loads an immutable synthesizer.
 */
final class RefineSynthesizerNode {

    static final String COMPACT = "compactrefineLlamaIndex";
    static final String REFINE = "refineLlamaIndex";

    private RefineSynthesizerNode() {
    }

    static ResponseSynthesizer load(ExportNode node) {
        NodeInputs in = node.inputs();
        LlamaPrompt textQa = in.text("textQAPrompt").map(LlamaPrompt::textQa).orElse(LlamaPrompt.TEXT_QA);
        LlamaPrompt refine = in.text("refinePrompt").map(LlamaPrompt::refine).orElse(LlamaPrompt.REFINE);
        String owner = "node " + node.id() + " (" + node.name() + ")";
        return node.name().equals(REFINE) ? new Refine(owner, textQa, refine) : new CompactAndRefine(owner, textQa, refine);
    }
}
