package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.Wiring;

/**
 * Flowise's {@code reactAgentChat}: LangChain's ReAct agent with a chat model, in the
 * {@link ReActFormat} whatever the model can do; inputs as {@link TextAgentNode}'s. Unlike Flowise,
 * which streams nothing from this agent, the final answer is streamed.
 *
 * <p>Threading: loading is stateless; the node it loads is immutable.
 */
final class ReActAgentNode {

    static final String NAME = "reactAgentChat";

    private ReActAgentNode() {
    }

    static FlowEnd load(ExportNode node, Wiring wiring) {
        return TextAgentNode.load(node, wiring, new ReActFormat());
    }
}
