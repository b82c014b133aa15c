package dev.flowstream.chatflow.llms;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code llms} category: text-completion models, which chains take where they take a
 * chat model. Each calls its provider's REST API; none streams, as in Flowise.
 */
public final class LlmNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(HuggingFaceInferenceNode.NAME, (node, wiring) -> HuggingFaceInferenceNode.load(node, wiring.runtime()),
                    Role.CHAT_MODEL),
            NodeType.of(ReplicateNode.NAME, (node, wiring) -> ReplicateNode.load(node, wiring.runtime()), Role.CHAT_MODEL));

    private LlmNodes() {
    }
}
