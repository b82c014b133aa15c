package dev.flowstream.chatflow;

import java.util.Set;

/**
 * Builds the runnable end of a flow from its export: checks that Flowstream knows every node,
 * finds the ending node and wires the nodes it references. Every problem is a
 * {@link FlowLoadException} naming the node and its type. Stateless apart from its arguments.
 */
final class FlowAssembler {

    private static final Set<String> SUPPORTED = Set.of(
            ChatOpenAiNode.NAME, PromptTemplateNode.NAME, LlmChainNode.NAME, LocalAnswerNode.NAME);

    private final FlowiseExport export;
    private final FlowRuntime runtime;

    FlowAssembler(FlowiseExport export, FlowRuntime runtime) {
        this.export = export;
        this.runtime = runtime;
    }

    FlowEnd assemble() {
        for (ExportNode node : export.nodes()) {
            if (!SUPPORTED.contains(node.name())) {
                throw new FlowLoadException("node " + node.id() + " has type " + node.name()
                        + ", which Flowstream does not support");
            }
        }
        ExportNode ending = export.endingNode();
        return switch (ending.name()) {
            case LlmChainNode.NAME -> llmChain(ending);
            case LocalAnswerNode.NAME -> LocalAnswerNode.load(ending, runtime);
            default -> throw ending.failure("is the ending node, but only a chain (llmChain) or "
                    + LocalAnswerNode.NAME + " can end a flow");
        };
    }

    private FlowEnd llmChain(ExportNode chain) {
        ExportNode model = connected(chain, "model", ChatOpenAiNode.NAME);
        ExportNode prompt = connected(chain, "prompt", PromptTemplateNode.NAME);
        return LlmChainNode.load(chain, ChatOpenAiNode.load(model, runtime), PromptTemplateNode.load(prompt));
    }

    /** The node an input references, which must be of the one type Flowstream can use there. */
    private ExportNode connected(ExportNode from, String input, String type) {
        String id = from.inputs().reference(input)
                .orElseThrow(() -> from.failure("needs a node connected to its " + input + " input"));
        ExportNode target = export.node(id)
                .orElseThrow(() -> from.failure("input " + input + " references node " + id + ", which is not in the export"));
        if (!target.name().equals(type)) {
            throw from.failure("input " + input + " is connected to node " + id + " of type " + target.name()
                    + "; Flowstream supports only " + type + " there");
        }
        return target;
    }
}
