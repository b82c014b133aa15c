package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.node.MemoryNode;
import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.AgentTool;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code toolAgent} and {@code openAIFunctionAgent} nodes: the model decides which of
 * the agent's {@code tools} to call, sees their outputs, and answers; see {@link AgentRun} for one
 * run. Inputs: {@code model} (one that calls tools), {@code tools}, {@code memory} (optional),
 * {@code systemMessage} (or {@code systemMessagePrompt}; may be overridden per request) and
 * {@code maxIterations} (model calls per question, default 15 as in LangChain).
 * {@code inputModeration} checks the question first; a toolAgent's {@code chatPromptTemplate} is not supported yet.
 *
 * <p>Threading: immutable; safe to run concurrently (the memory is thread-safe).
 */
final class AgentNode implements FlowEnd {

    static final String TOOL_AGENT = "toolAgent";
    static final String FUNCTION_AGENT = "openAIFunctionAgent";
    static final String DEFAULT_SYSTEM = "You are a helpful AI assistant.";
    private static final Set<String> OVERRIDABLE = Set.of("systemMessage", "systemMessagePrompt");
    private static final int DEFAULT_MAX_ITERATIONS = 15;

    /** What one run needs of its agent. */
    record Setup(String id, ChatModelNode model, Optional<MemoryNode> memory, List<AgentTool> tools,
                 int maxIterations, FlowRuntime runtime) {
        Setup {
            tools = List.copyOf(tools);
        }
    }

    private final ExportNode node;
    private final Setup setup;
    private final String defaultSystem;

    private AgentNode(ExportNode node, Setup setup, String defaultSystem) {
        this.node = node;
        this.setup = setup;
        this.defaultSystem = defaultSystem;
    }

    static AgentNode load(ExportNode node, Wiring wiring) {
        return load(node, wiring, DEFAULT_SYSTEM);
    }

    /** @param defaultSystem the system message when the node has none */
    static AgentNode load(ExportNode node, Wiring wiring, String defaultSystem) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        if (!model.supportedCapabilities().contains(Capability.TOOL_CALLING)) {
            throw node.failure("needs a model that can call tools, but its model node " + model.id() + " (" + model.type()
                    + ") cannot in Flowstream yet; use "
                    + String.join(" or ", wiring.typesWith(Role.CHAT_MODEL, Capability.TOOL_CALLING)));
        }
        Optional<MemoryNode> memory = wiring.optional(node, "memory", Role.MEMORY);
        NodeInputs in = node.inputs();
        if (in.isSet("chatPromptTemplate")) {
            throw node.failure("uses chatPromptTemplate, which Flowstream does not support for agents yet; use systemMessage");
        }
        return new AgentNode(node, new Setup(node.id(), model, memory, tools(node, wiring), maxIterations(node),
                wiring.runtime()), defaultSystem);
    }

    /** The agent's tools: at least one, no two of the same name. */
    static List<AgentTool> tools(ExportNode node, Wiring wiring) {
        List<AgentTool> tools = wiring.all(node, "tools", Role.TOOL);
        if (tools.isEmpty()) throw node.failure("needs at least one tool connected to its tools input");
        Set<String> names = new TreeSet<>();
        for (AgentTool tool : tools) {
            if (!names.add(tool.name())) throw node.failure("has two tools named " + tool.name());
        }
        return tools;
    }

    /** Flowise's {@code maxIterations}: model calls per question, 15 when unset as in LangChain. */
    static int maxIterations(ExportNode node) {
        int maxIterations = node.inputs().integer("maxIterations").orElse(DEFAULT_MAX_ITERATIONS);
        if (maxIterations < 1) throw node.failure("input maxIterations must be at least 1");
        return maxIterations;
    }

    @Override
    public boolean streamable() {
        return setup.model().streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        try {
            return new AgentRun(setup, request, system(request), sink).start();
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String system(FlowRequest request) {
        NodeInputs in = Overrides.apply(node, request.overrideConfig(), OVERRIDABLE).orElse(node).inputs();
        return in.text("systemMessage").or(() -> in.text("systemMessagePrompt")).orElse(defaultSystem);
    }
}
