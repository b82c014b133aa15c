package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code responsesynthesizer} category: how a LlamaIndex query engine writes its answer
 * from the passages it found. The algorithms are LlamaIndex's, in {@code support.llamaindex}, since
 * the engines use one of them by default.
 */
public final class ResponseSynthesizerNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(RefineSynthesizerNode.COMPACT, (node, wiring) -> RefineSynthesizerNode.load(node),
                    Role.RESPONSE_SYNTHESIZER),
            NodeType.of(RefineSynthesizerNode.REFINE, (node, wiring) -> RefineSynthesizerNode.load(node),
                    Role.RESPONSE_SYNTHESIZER),
            NodeType.of(TreeSummarizeNode.NAME, (node, wiring) -> TreeSummarizeNode.load(node), Role.RESPONSE_SYNTHESIZER),
            NodeType.of(SimpleResponseBuilderNode.NAME, (node, wiring) -> SimpleResponseBuilderNode.load(),
                    Role.RESPONSE_SYNTHESIZER));

    private ResponseSynthesizerNodes() {
    }
}
