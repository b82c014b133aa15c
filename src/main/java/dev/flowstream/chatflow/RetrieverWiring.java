package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the retriever a chain's {@code vectorStoreRetriever} input points at, with the nodes behind
 * it: a {@code memoryVectorStore} with its {@code document} loaders (each with its optional
 * {@code textSplitter}) and its {@code embeddings}, or a {@code flowstreamLuceneRetriever}. Every
 * reference is checked for the role it plays; problems fail the load naming the node.
 *
 * <p>Threading: one per load, used by one thread.
 */
final class RetrieverWiring {

    static final Set<String> RETRIEVERS = Set.of(MemoryVectorStoreNode.NAME, LuceneRetrieverNode.NAME);
    /** Every node type this wiring loads, for the assembler's check that it knows each node. */
    static final Set<String> TYPES = Stream.of(RETRIEVERS, DocumentLoaderNode.TYPES, TextSplitterNode.TYPES,
            EmbeddingsNode.TYPES).flatMap(Collection::stream).collect(Collectors.toUnmodifiableSet());

    private final FlowiseExport export;
    private final FlowRuntime runtime;

    RetrieverWiring(FlowiseExport export, FlowRuntime runtime) {
        this.export = export;
        this.runtime = runtime;
    }

    /** The retriever of a node of one of {@link #RETRIEVERS}. */
    Retriever load(ExportNode retriever) {
        if (retriever.name().equals(LuceneRetrieverNode.NAME)) return LuceneRetrieverNode.load(retriever, runtime.configDir());
        List<SourceDocument> documents = new ArrayList<>();
        List<ExportNode> loaders = referencedList(retriever, "document", "a document loader", Set.copyOf(DocumentLoaderNode.TYPES));
        if (loaders.isEmpty()) throw retriever.failure("needs a document loader connected to its document input");
        for (ExportNode loader : loaders) {
            Optional<TextSplitterNode> splitter = referenced(loader, "textSplitter", "a text splitter",
                    Set.copyOf(TextSplitterNode.TYPES)).map(TextSplitterNode::load);
            documents.addAll(DocumentLoaderNode.load(loader, splitter, runtime.configDir()));
        }
        ExportNode embeddings = referenced(retriever, "embeddings", "an embeddings model", Set.copyOf(EmbeddingsNode.TYPES))
                .orElseThrow(() -> retriever.failure("needs an embeddings node connected to its embeddings input"));
        return MemoryVectorStoreNode.load(retriever, documents, EmbeddingsNode.load(embeddings, runtime));
    }

    private Optional<ExportNode> referenced(ExportNode from, String input, String role, Set<String> types) {
        return from.inputs().reference(input).map(id -> target(from, input, id, role, types));
    }

    /** Flowise writes a list input as an array of references (or one reference, when it has one). */
    private List<ExportNode> referencedList(ExportNode from, String input, String role, Set<String> types) {
        if (from.inputs().text(input).isPresent()) return referenced(from, input, role, types).stream().toList();
        Optional<JsonNode> value = from.inputs().json(input);
        if (value.isEmpty()) return List.of();
        if (!value.get().isArray()) throw from.failure("input " + input + " must be a list of node references");
        List<ExportNode> targets = new ArrayList<>();
        for (JsonNode element : value.get()) {
            new NodeInputs(from.id(), from.name(), Map.of(input, element)).reference(input)
                    .ifPresent(id -> targets.add(target(from, input, id, role, types)));
        }
        return targets;
    }

    private ExportNode target(ExportNode from, String input, String id, String role, Set<String> types) {
        ExportNode target = export.node(id)
                .orElseThrow(() -> from.failure("input " + input + " references node " + id + ", which is not in the export"));
        if (!types.contains(target.name())) {
            throw from.failure("input " + input + " is connected to node " + id + " of type " + target.name()
                    + "; Flowstream supports only " + role + " there (" + String.join(", ", new TreeSet<>(types)) + ")");
        }
        return target;
    }
}
