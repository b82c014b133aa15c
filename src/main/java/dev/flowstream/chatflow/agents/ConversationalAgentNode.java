package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

/**
 * Flowise's {@code conversationalAgent}: with a model that calls tools it runs as the tool agent
 * ({@link AgentNode}) with the node's {@code systemMessage}; with any other model (Flowise's
 * template pairs it with {@code chatOllama}) the model writes its tool calls as JSON in its text
 * ({@link JsonActionFormat}) after the same system message. Other inputs as the tool agent's.
 *
 * <p>Threading: loading is stateless; the node it loads is immutable.
 */
final class ConversationalAgentNode {

    static final String NAME = "conversationalAgent";
    /** When the node has no {@code systemMessage}: the gist of Flowise's default, shorter. */
    static final String DEFAULT_SYSTEM = "Assistant is a large language model that helps with a wide range of tasks, "
            + "from answering simple questions to in-depth explanations and discussions, in natural conversation.";

    private ConversationalAgentNode() {
    }

    static FlowEnd load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        if (model.supportedCapabilities().contains(Capability.TOOL_CALLING)) return AgentNode.load(node, wiring, DEFAULT_SYSTEM);
        String system = node.inputs().text("systemMessage").orElse(DEFAULT_SYSTEM);
        return TextAgentNode.load(node, wiring, new JsonActionFormat(system));
    }
}
