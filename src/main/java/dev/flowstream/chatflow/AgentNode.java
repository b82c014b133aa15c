package dev.flowstream.chatflow;

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
 * {@code inputModeration} and a toolAgent's {@code chatPromptTemplate} are not supported yet.
 *
 * <p>Threading: immutable; safe to run concurrently (the memory is thread-safe).
 */
final class AgentNode implements FlowEnd {

    static final String TOOL_AGENT = "toolAgent";
    static final String FUNCTION_AGENT = "openAIFunctionAgent";
    static final Set<String> TYPES = Set.of(TOOL_AGENT, FUNCTION_AGENT);
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

    private AgentNode(ExportNode node, Setup setup) {
        this.node = node;
        this.setup = setup;
    }

    static AgentNode load(ExportNode node, ChatModelNode model, Optional<MemoryNode> memory, List<AgentTool> tools,
                          FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        if (in.isSet("inputModeration")) throw node.failure("uses inputModeration, which Flowstream does not support yet");
        if (in.isSet("chatPromptTemplate")) {
            throw node.failure("uses chatPromptTemplate, which Flowstream does not support for agents yet; use systemMessage");
        }
        if (tools.isEmpty()) throw node.failure("needs at least one tool connected to its tools input");
        Set<String> names = new TreeSet<>();
        for (AgentTool tool : tools) {
            if (!names.add(tool.name())) throw node.failure("has two tools named " + tool.name());
        }
        int maxIterations = in.integer("maxIterations").orElse(DEFAULT_MAX_ITERATIONS);
        if (maxIterations < 1) throw node.failure("input maxIterations must be at least 1");
        return new AgentNode(node, new Setup(node.id(), model, memory, tools, maxIterations, runtime));
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

    @Override
    public void close() {
        setup.tools().forEach(AgentTool::close);
    }

    private String system(FlowRequest request) {
        NodeInputs in = Overrides.apply(node, request.overrideConfig(), OVERRIDABLE).orElse(node).inputs();
        return in.text("systemMessage").or(() -> in.text("systemMessagePrompt")).orElse(DEFAULT_SYSTEM);
    }
}
