package dev.flowstream.chatflow.graph;

import dev.flowstream.chatflow.agents.AgentNodes;
import dev.flowstream.chatflow.chains.ChainNodes;
import dev.flowstream.chatflow.chatmodels.ChatModelNodes;
import dev.flowstream.chatflow.documentloaders.DocumentLoaderNodes;
import dev.flowstream.chatflow.embeddings.EmbeddingsNodes;
import dev.flowstream.chatflow.engine.EngineNodes;
import dev.flowstream.chatflow.llms.LlmNodes;
import dev.flowstream.chatflow.localdocs.LocalDocsNodes;
import dev.flowstream.chatflow.memory.MemoryNodes;
import dev.flowstream.chatflow.moderation.ModerationNodes;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.outputparsers.OutputParserNodes;
import dev.flowstream.chatflow.prompts.PromptNodes;
import dev.flowstream.chatflow.recordmanager.RecordManagerNodes;
import dev.flowstream.chatflow.retrievers.RetrieverNodes;
import dev.flowstream.chatflow.responsesynthesizer.ResponseSynthesizerNodes;
import dev.flowstream.chatflow.textsplitters.TextSplitterNodes;
import dev.flowstream.chatflow.tools.ToolNodes;
import dev.flowstream.chatflow.vectorstores.VectorStoreNodes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every node type Flowstream runs, by Flowise name: the types each category package lists. The
 * one place that knows all categories; a name registered twice is a bug and fails at start.
 *
 * <p>Threading: immutable.
 */
public final class NodeRegistry {

    private static final NodeRegistry FLOWSTREAM = of(ChatModelNodes.TYPES, PromptNodes.TYPES, MemoryNodes.TYPES,
            ChainNodes.TYPES, AgentNodes.TYPES, ToolNodes.TYPES, DocumentLoaderNodes.TYPES, TextSplitterNodes.TYPES,
            EmbeddingsNodes.TYPES, VectorStoreNodes.TYPES, RetrieverNodes.TYPES, EngineNodes.TYPES,
            ResponseSynthesizerNodes.TYPES, LocalDocsNodes.TYPES, RecordManagerNodes.TYPES, ModerationNodes.TYPES,
            LlmNodes.TYPES, OutputParserNodes.TYPES);

    private final Map<String, NodeType> byName;

    private NodeRegistry(Map<String, NodeType> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The node types of every category. */
    public static NodeRegistry flowstream() {
        return FLOWSTREAM;
    }

    @SafeVarargs
    static NodeRegistry of(Collection<NodeType>... categories) {
        Map<String, NodeType> byName = new TreeMap<>();
        Stream.of(categories).flatMap(Collection::stream).forEach(type -> {
            if (byName.putIfAbsent(type.name(), type) != null) {
                throw new IllegalStateException("node type " + type.name() + " is registered twice");
            }
        });
        return new NodeRegistry(byName);
    }

    public Optional<NodeType> type(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every registered type, sorted by name. */
    public List<NodeType> all() {
        return new TreeMap<>(byName).values().stream().toList();
    }

    /** The names of the types that play {@code role}, sorted: what fits an input that needs it. */
    public List<String> namesPlaying(Role<?> role) {
        return all().stream().filter(type -> type.plays(role)).map(NodeType::name).toList();
    }
}
