package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code engine} category: its LlamaIndex engines, which end a flow; the query engines
 * can also be asked by a query engine tool.
 */
public final class EngineNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(QueryEngineNode.NAME, QueryEngineNode::load, Role.ENDING, Role.QUERY_ENGINE),
            NodeType.of(SubQuestionQueryEngineNode.NAME, SubQuestionQueryEngineNode::load, Role.ENDING, Role.QUERY_ENGINE),
            NodeType.of(SimpleChatEngineNode.NAME, SimpleChatEngineNode::load, Role.ENDING),
            NodeType.of(ContextChatEngineNode.NAME, ContextChatEngineNode::load, Role.ENDING));

    private EngineNodes() {
    }

    /** How a failure of the node's own names it. */
    static String owner(ExportNode node) {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
