package dev.flowstream.chatflow;

import dev.flowstream.streaming.StreamSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds the runnable end of a flow from its export: checks that Flowstream knows every node,
 * finds the ending node and wires the nodes it references by {@code {{nodeId.data.instance}}},
 * each by its role (chat model, prompt, memory) and checked where it is used. Every problem is a
 * {@link FlowLoadException} naming the node and its type. Node types are registered below, by
 * Flowise's name. One assembler per load; not thread-safe (it caches the nodes it loaded).
 */
final class FlowAssembler {

    /** Chat models by Flowise name: one line per provider. */
    static final Map<String, BiFunction<ExportNode, FlowRuntime, ChatModelNode>> CHAT_MODELS = Map.ofEntries(
            Map.entry(ChatOpenAiNode.NAME, ChatOpenAiNode::load),
            Map.entry(ChatOpenAiCustomNode.NAME, ChatOpenAiCustomNode::load),
            Map.entry(AzureChatOpenAiNode.NAME, AzureChatOpenAiNode::load),
            Map.entry(ChatOllamaNode.NAME, ChatOllamaNode::load),
            Map.entry(ChatMistralAiNode.NAME, ChatMistralAiNode::load),
            Map.entry(ChatAnthropicNode.NAME, ChatAnthropicNode::load),
            Map.entry(ChatGoogleGenerativeAiNode.NAME, ChatGoogleGenerativeAiNode::load));

    /** Prompts by Flowise name. */
    static final Map<String, Function<ExportNode, PromptNode>> PROMPTS = Map.ofEntries(
            Map.entry(PromptTemplateNode.NAME, PromptTemplateNode::load),
            Map.entry(ChatPromptTemplateNode.NAME, ChatPromptTemplateNode::load));

    private static final Set<String> ENDS = Set.of(LlmChainNode.NAME, ConversationChainNode.NAME, LocalAnswerNode.NAME,
            AgentNode.TOOL_AGENT, AgentNode.FUNCTION_AGENT, RetrievalQaChainNode.NAME, ConversationalRetrievalQaChainNode.NAME);

    /** Tools an agent can use, by Flowise name. */
    static final Set<String> TOOLS = Set.of(CalculatorTool.NAME, CurrentDateTimeTool.NAME, ChainTool.NAME,
            RetrieverTool.NAME);

    /** Chains a chainTool can run. */
    private static final Set<String> TOOL_CHAINS = Set.of(LlmChainNode.NAME, ConversationChainNode.NAME);

    private final FlowiseExport export;
    private final FlowRuntime runtime;
    private final Map<String, ChatModelNode> models = new HashMap<>();
    private final Map<String, MemoryNode> memories = new HashMap<>();

    FlowAssembler(FlowiseExport export, FlowRuntime runtime) {
        this.export = export;
        this.runtime = runtime;
    }

    FlowEnd assemble() {
        export.nodes().forEach(FlowAssembler::checkKnown);
        ExportNode ending = export.endingNode();
        FlowEnd end = switch (ending.name()) {
            case LlmChainNode.NAME -> LlmChainNode.load(ending, model(ending), prompt(ending, "prompt").orElseThrow(
                    () -> ending.failure("needs a node connected to its prompt input")));
            case ConversationChainNode.NAME -> ConversationChainNode.load(ending, model(ending), memory(ending),
                    prompt(ending, "chatPromptTemplate"));
            case LocalAnswerNode.NAME -> LocalAnswerNode.load(ending, runtime);
            case RetrievalQaChainNode.NAME -> RetrievalQaChainNode.load(ending, model(ending), retriever(ending),
                    runtime.workers());
            case ConversationalRetrievalQaChainNode.NAME -> ConversationalRetrievalQaChainNode.load(ending, model(ending),
                    retriever(ending), optionalMemory(ending), runtime.workers());
            case AgentNode.TOOL_AGENT, AgentNode.FUNCTION_AGENT -> AgentNode.load(ending, toolCallingModel(ending),
                    optionalMemory(ending), tools(ending), runtime);
            default -> throw ending.failure("is the ending node, but only "
                    + String.join(", ", new TreeSet<>(ENDS)) + " can end a flow");
        };
        // Flowise's rule: one model that cannot stream makes the whole flow answer without events
        boolean everyModelStreams = models.values().stream().allMatch(ChatModelNode::streaming);
        return everyModelStreams ? end : new Unstreamable(end);
    }

    private static void checkKnown(ExportNode node) {
        Optional<String> why = UnsupportedNodes.why(node.name());
        if (why.isPresent()) throw node.failure("cannot be used: it " + why.get());
        boolean known = CHAT_MODELS.containsKey(node.name()) || PROMPTS.containsKey(node.name())
                || MemoryNode.TYPES.contains(node.name()) || ENDS.contains(node.name()) || TOOLS.contains(node.name())
                || RetrieverWiring.TYPES.contains(node.name());
        if (!known) {
            throw new FlowLoadException("node " + node.id() + " has type " + node.name() + ", which Flowstream does not support");
        }
    }

    private ChatModelNode model(ExportNode chain) {
        ExportNode target = connected(chain, "model", "a chat model", CHAT_MODELS.keySet()).orElseThrow(
                () -> chain.failure("needs a node connected to its model input"));
        return models.computeIfAbsent(target.id(), id -> CHAT_MODELS.get(target.name()).apply(target, runtime));
    }

    private Optional<PromptNode> prompt(ExportNode chain, String input) {
        return connected(chain, input, "a prompt", PROMPTS.keySet()).map(target -> PROMPTS.get(target.name()).apply(target));
    }

    private MemoryNode memory(ExportNode chain) {
        ExportNode target = connected(chain, "memory", "a memory", MemoryNode.TYPES).orElseThrow(
                () -> chain.failure("needs a node connected to its memory input"));
        return memories.computeIfAbsent(target.id(), id -> MemoryNode.load(target, runtime));
    }

    /** An agent's model: only nodes whose tool calling Flowstream supports. */
    private ChatModelNode toolCallingModel(ExportNode agent) {
        ChatModelNode model = model(agent);
        if (model.callsTools()) return model;
        String type = export.node(model.id()).map(ExportNode::name).orElse("?");
        throw agent.failure("needs a model that can call tools, but its model node " + model.id() + " (" + type
                + ") cannot in Flowstream yet; use " + ChatOpenAiNode.NAME + " or " + ChatOpenAiCustomNode.NAME);
    }

    private Optional<MemoryNode> optionalMemory(ExportNode agent) {
        return connected(agent, "memory", "a memory", MemoryNode.TYPES)
                .map(target -> memories.computeIfAbsent(target.id(), id -> MemoryNode.load(target, runtime)));
    }

    /** The nodes of a list input ({@code ["{{calculator_0.data.instance}}", ...]}) as tools. */
    private List<AgentTool> tools(ExportNode agent) {
        List<AgentTool> tools = new ArrayList<>();
        for (String id : AgentToolInputs.references(agent, "tools")) {
            ExportNode target = export.node(id).orElseThrow(
                    () -> agent.failure("input tools references node " + id + ", which is not in the export"));
            if (!TOOLS.contains(target.name())) {
                throw agent.failure("input tools is connected to node " + id + " of type " + target.name()
                        + "; Flowstream supports only these tools there (" + String.join(", ", new TreeSet<>(TOOLS)) + ")");
            }
            tools.add(tool(target));
        }
        return tools;
    }

    private AgentTool tool(ExportNode node) {
        return switch (node.name()) {
            case CalculatorTool.NAME -> CalculatorTool.load(node);
            case CurrentDateTimeTool.NAME -> CurrentDateTimeTool.load(node);
            case ChainTool.NAME -> ChainTool.load(node, toolChain(node));
            case RetrieverTool.NAME -> RetrieverTool.load(node, toolRetriever(node), runtime.workers());
            default -> throw node.failure("is not a tool Flowstream supports");
        };
    }

    private Retriever toolRetriever(ExportNode tool) {
        ExportNode target = connected(tool, "retriever", "a retriever", RetrieverWiring.RETRIEVERS).orElseThrow(
                () -> tool.failure("needs a node connected to its retriever input"));
        return new RetrieverWiring(export, runtime).load(target);
    }

    private FlowEnd toolChain(ExportNode tool) {
        ExportNode chain = connected(tool, "baseChain", "a chain", TOOL_CHAINS).orElseThrow(
                () -> tool.failure("needs a chain connected to its baseChain input"));
        if (chain.name().equals(LlmChainNode.NAME)) {
            return LlmChainNode.load(chain, model(chain), prompt(chain, "prompt").orElseThrow(
                    () -> chain.failure("needs a node connected to its prompt input")));
        }
        return ConversationChainNode.load(chain, model(chain), memory(chain), prompt(chain, "chatPromptTemplate"));
    }

    /** A retrieval chain's {@code vectorStoreRetriever}, loaded with the loaders and embeddings behind it. */
    private Retriever retriever(ExportNode chain) {
        ExportNode target = connected(chain, "vectorStoreRetriever", "a retriever", RetrieverWiring.RETRIEVERS).orElseThrow(
                () -> chain.failure("needs a node connected to its vectorStoreRetriever input"));
        return new RetrieverWiring(export, runtime).load(target);
    }

    /** The node an input references, if any; it must be of one of the types Flowstream can use there. */
    private Optional<ExportNode> connected(ExportNode from, String input, String role, Set<String> types) {
        Optional<String> reference = from.inputs().reference(input);
        if (reference.isEmpty()) return Optional.empty();
        String id = reference.get();
        ExportNode target = export.node(id)
                .orElseThrow(() -> from.failure("input " + input + " references node " + id + ", which is not in the export"));
        if (!types.contains(target.name())) {
            throw from.failure("input " + input + " is connected to node " + id + " of type " + target.name()
                    + "; Flowstream supports only " + role + " there (" + String.join(", ", new TreeSet<>(types)) + ")");
        }
        return Optional.of(target);
    }

    /** A flow end that answers without events because one of the flow's models does not stream. */
    private record Unstreamable(FlowEnd end) implements FlowEnd {
        @Override
        public boolean streamable() {
            return false;
        }

        @Override
        public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
            return end.run(request, sink);
        }

        @Override
        public void close() {
            end.close();
        }
    }
}
