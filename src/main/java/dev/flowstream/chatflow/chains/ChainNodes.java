package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code chains} category. A chain ends a flow; the LLM and conversation chains can also
 * be run by a {@code chainTool}.
 */
public final class ChainNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(LlmChainNode.NAME, LlmChainNode::load, Role.ENDING, Role.CHAIN, Role.TEXT_OUTPUT),
            NodeType.of(ConversationChainNode.NAME, ConversationChainNode::load, Role.ENDING, Role.CHAIN),
            NodeType.of(RetrievalQaChainNode.NAME, RetrievalQaChainNode::load, Role.ENDING),
            NodeType.of(ConversationalRetrievalQaChainNode.NAME, ConversationalRetrievalQaChainNode::load, Role.ENDING),
            NodeType.of(MultiRetrievalQaChainNode.NAME, MultiRetrievalQaChainNode::load, Role.ENDING),
            NodeType.of(MultiPromptChainNode.NAME, MultiPromptChainNode::load, Role.ENDING),
            NodeType.of(VectorDbQaChainNode.NAME, VectorDbQaChainNode::load, Role.ENDING),
            NodeType.of(VectaraQaChainNode.NAME, VectaraQaChainNode::load, Role.ENDING));

    private ChainNodes() {
    }
}
