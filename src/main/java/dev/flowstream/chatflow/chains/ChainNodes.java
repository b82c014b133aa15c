package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.ModeratedEnd;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code chains} category. A chain ends a flow; the LLM, conversation and retrieval QA chains can also
 * be run by a {@code chainTool}.
 */
public final class ChainNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(LlmChainNode.NAME, moderated(LlmChainNode::load), Role.ENDING, Role.CHAIN, Role.TEXT_OUTPUT),
            NodeType.of(ConversationChainNode.NAME, moderated(ConversationChainNode::load), Role.ENDING, Role.CHAIN),
            NodeType.of(RetrievalQaChainNode.NAME, moderated(RetrievalQaChainNode::load), Role.ENDING, Role.CHAIN),
            NodeType.of(ConversationalRetrievalQaChainNode.NAME, moderated(ConversationalRetrievalQaChainNode::load), Role.ENDING),
            NodeType.of(MultiRetrievalQaChainNode.NAME, moderated(MultiRetrievalQaChainNode::load), Role.ENDING),
            NodeType.of(MultiPromptChainNode.NAME, moderated(MultiPromptChainNode::load), Role.ENDING),
            NodeType.of(VectorDbQaChainNode.NAME, moderated(VectorDbQaChainNode::load), Role.ENDING),
            NodeType.of(VectaraQaChainNode.NAME, moderated(VectaraQaChainNode::load), Role.ENDING));

    /** A chain's loader, its chain behind the moderations of its {@code inputModeration}: every Flowise chain here takes them. */
    private static NodeType.Loader moderated(ChainLoader chain) {
        return (node, wiring) -> ModeratedEnd.wrap(node, wiring, chain.load(node, wiring));
    }

    @FunctionalInterface
    private interface ChainLoader {
        FlowEnd load(ExportNode node, Wiring wiring);
    }

    private ChainNodes() {
    }
}
