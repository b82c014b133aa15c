package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flowise's {@code vectorStoreToDocument}, its {@code document} output: the store's {@code topK}
 * documents closest to {@code query}, leaving out those whose score ({@link ScoredSearch}) is below
 * {@code minScore} percent (none left out when blank or 0), as a loader for another vector store.
 * Documents are read when that store upserts, which has no question, so the query is the node's
 * {@code query} input or the upsert's {@code overrideConfig.query}; without either the upsert fails
 * naming the input. A query taken from another node's output, and the {@code text} output (for
 * prompt values), are not supported: such a flow does not load.
 *
 * <p>Threading: immutable after load; {@link #documents} is safe concurrently and blocks on the store.
 */
final class VectorStoreToDocumentNode implements DocumentLoader {

    static final String NAME = "vectorStoreToDocument";
    private static final Set<String> OVERRIDABLE = Set.of("query", "minScore");
    private static final Pattern NODE_OUTPUT = Pattern.compile("\\s*\\{\\{\\s*[^{}\\s]+\\.data\\.instance\\s*}}\\s*");

    private final ExportNode node;
    private final ScoredSearch store;

    private VectorStoreToDocumentNode(ExportNode node, ScoredSearch store) {
        this.node = node;
        this.store = store;
    }

    static VectorStoreToDocumentNode load(ExportNode node, Wiring wiring) {
        ScoredSearch store = ScoredSearch.of(node, "vectorStore", wiring);
        minScore(node);
        if (node.inputs().text("query").filter(query -> NODE_OUTPUT.matcher(query).matches()).isPresent()) {
            throw node.failure("input query takes another node's output, which Flowstream does not support yet: write the query there");
        }
        return new VectorStoreToDocumentNode(node, store);
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        double minScore = minScore(current) / 100;
        String query = current.inputs().text("query").orElseThrow(() -> new ChatflowException(ChatflowException.Kind.INPUT,
                "node " + node.id() + " (" + NAME + ") needs a query in its query input (or overrideConfig.query): "
                        + "an upsert has no question to search the store with"));
        return store.scoredSearch(query, store.topK()).stream()
                .filter(match -> minScore == 0 || match.score() >= minScore)
                .map(ScoredDocument::document)
                .toList();
    }

    /** The minimum score in percent, 0 when blank. */
    private static double minScore(ExportNode node) {
        double percent = node.inputs().number("minScore").orElse(0.0);
        if (percent < 0 || percent > 100) throw node.failure("input minScore must be a percentage between 0 and 100");
        return percent;
    }
}
