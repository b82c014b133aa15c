package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.ModeratedEnd;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code agents} category: a model that calls tools until it can answer (by tool calls, or in its text). */
public final class AgentNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(AgentNode.TOOL_AGENT, AgentNodes::moderated, Role.ENDING),
            NodeType.of(AgentNode.FUNCTION_AGENT, AgentNodes::moderated, Role.ENDING),
            NodeType.of(ConversationalAgentNode.NAME, ConversationalAgentNode::load, Role.ENDING),
            NodeType.of(ReActAgentNode.NAME, ReActAgentNode::load, Role.ENDING));

    /** An agent behind the moderations of its {@code inputModeration}, as Flowise checks a question before the agent runs. */
    private static FlowEnd moderated(ExportNode node, Wiring wiring) {
        return ModeratedEnd.wrap(node, wiring, AgentNode.load(node, wiring));
    }

    private AgentNodes() {
    }
}
