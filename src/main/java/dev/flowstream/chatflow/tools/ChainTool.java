package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.support.ToolArguments;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.agent.tool.ToolSpecification;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code chainTool}: another chain of the flow ({@code baseChain}) offered to an agent
 * as a tool named by {@code name} and described by {@code description}. The model's {@code input}
 * argument is the chain's question; the chain answers without streaming (its tokens are not the
 * agent's answer). With {@code returnDirect} the chain's answer is the agent's answer.
 *
 * <p>Threading: immutable; safe to call concurrently (as its chain is).
 */
final class ChainTool extends SpecifiedTool {

    static final String NAME = "chainTool";

    private final boolean returnDirect;
    private final FlowEnd chain;

    private ChainTool(ToolSpecification specification, boolean returnDirect, FlowEnd chain) {
        super(specification);
        this.returnDirect = returnDirect;
        this.chain = chain;
    }

    static ChainTool load(ExportNode node, Wiring wiring) {
        FlowEnd chain = wiring.optional(node, "baseChain", Role.CHAIN)
                .orElseThrow(() -> node.failure("needs a chain connected to its baseChain input"));
        return new ChainTool(ToolInputs.specification(node, "the question for the chain"), node.inputs().flag("returnDirect", false), chain);
    }

    @Override
    public boolean returnDirect() {
        return returnDirect;
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        FlowRequest question = new FlowRequest(ToolArguments.input(arguments), request.chatId(),
                request.overrideConfig(), List.of());
        return chain.run(question, StreamSink.NONE).thenApply(FlowResult::text);
    }
}
