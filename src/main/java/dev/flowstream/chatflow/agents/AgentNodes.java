package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code agents} category: a model that calls tools until it can answer (by tool calls, or in its text). */
public final class AgentNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(AgentNode.TOOL_AGENT, AgentNode::load, Role.ENDING),
            NodeType.of(AgentNode.FUNCTION_AGENT, AgentNode::load, Role.ENDING),
            NodeType.of(ConversationalAgentNode.NAME, ConversationalAgentNode::load, Role.ENDING),
            NodeType.of(ReActAgentNode.NAME, ReActAgentNode::load, Role.ENDING));

    private AgentNodes() {
    }
}
