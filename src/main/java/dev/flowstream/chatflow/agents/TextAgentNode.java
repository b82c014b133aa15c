package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.StreamSink;

import java.util.concurrent.CompletionStage;

/**
 * An agent that reads tool calls from the model's text in a {@link TextFormat} (see
 * {@link TextAgentRun}), so any chat model serves: {@code model}, {@code tools}, {@code memory}
 * (optional), {@code maxIterations}. It streams when its model does, the final answer only.
 *
 * <p>Threading: immutable; safe to run concurrently (the memory is thread-safe).
 */
final class TextAgentNode implements FlowEnd {

    private final AgentNode.Setup setup;
    private final TextFormat format;

    private TextAgentNode(AgentNode.Setup setup, TextFormat format) {
        this.setup = setup;
        this.format = format;
    }

    static TextAgentNode load(ExportNode node, Wiring wiring, TextFormat format) {
        node.refuseIfSet("inputModeration");
        return new TextAgentNode(new AgentNode.Setup(node.id(), wiring.required(node, "model", Role.CHAT_MODEL),
                wiring.optional(node, "memory", Role.MEMORY), AgentNode.tools(node, wiring), AgentNode.maxIterations(node),
                wiring.runtime()), format);
    }

    @Override
    public boolean streamable() {
        return setup.model().streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        return new TextAgentRun(setup, format, request, sink).start();
    }
}
