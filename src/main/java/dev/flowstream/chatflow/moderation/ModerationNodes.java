package dev.flowstream.chatflow.moderation;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code moderation} category: checks a chain runs on each question before its model
 * sees it (a chain's {@code inputModeration} input, run by {@link dev.flowstream.chatflow.node.ModeratedEnd}).
 */
public final class ModerationNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(SimpleModerationNode.NAME, SimpleModerationNode::load, Role.MODERATION),
            NodeType.of(OpenAiModerationNode.NAME, (node, wiring) -> OpenAiModerationNode.load(node, wiring.runtime()),
                    Role.MODERATION));

    private ModerationNodes() {
    }
}
