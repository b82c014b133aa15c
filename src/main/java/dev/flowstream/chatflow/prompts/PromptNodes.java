package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code prompts} category: templates filled with the question and {@code promptValues}. */
public final class PromptNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(PromptTemplateNode.NAME,
                    (node, wiring) -> PromptTemplateNode.load(node, PromptSources.loading(wiring)), Role.PROMPT),
            NodeType.of(ChatPromptTemplateNode.NAME,
                    (node, wiring) -> ChatPromptTemplateNode.load(node, PromptSources.loading(wiring)), Role.PROMPT),
            NodeType.of(FewShotPromptTemplateNode.NAME, FewShotPromptTemplateNode::load, Role.PROMPT));

    private PromptNodes() {
    }
}
