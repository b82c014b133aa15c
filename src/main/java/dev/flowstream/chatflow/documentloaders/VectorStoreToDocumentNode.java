package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextOutput;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Flowise's {@code vectorStoreToDocument}, its {@code document} output: the store's {@code topK}
 * documents closest to {@code query}, leaving out those whose score ({@link ScoredSearch}) is below
 * {@code minScore} percent (none left out when blank or 0), as a loader for another vector store.
 * Documents are read when that store upserts, which has no question, so the query is the node's
 * {@code query} input or the upsert's {@code overrideConfig.query}; without either the upsert fails
 * naming the input. Its {@code text} output (for a prompt's {@code promptValues}) is the
 * documents' text, each followed by a line break, found for each request with the query, else
 * the question; the query may be another node's text ({@code {{llmChain_2.data.instance}}}, Flowise's
 * rephrased question), asked first. An upsert cannot run such a node and fails naming the input.
 *
 * <p>Threading: immutable after load; {@link #documents} is safe concurrently and blocks on the store.
 */
final class VectorStoreToDocumentNode implements DocumentLoader {

    static final String NAME = "vectorStoreToDocument";
    private static final Set<String> OVERRIDABLE = Set.of("query", "minScore");
    private static final Pattern NODE_OUTPUT = Pattern.compile("\\s*\\{\\{\\s*[^{}\\s]+\\.data\\.instance\\s*}}\\s*");

    private final ExportNode node;
    private final ScoredSearch store;
    private final Optional<TextOutput> queryNode;

    private VectorStoreToDocumentNode(ExportNode node, ScoredSearch store, Optional<TextOutput> queryNode) {
        this.node = node;
        this.store = store;
        this.queryNode = queryNode;
    }

    static VectorStoreToDocumentNode load(ExportNode node, Wiring wiring) {
        ScoredSearch store = ScoredSearch.of(node, "vectorStore", wiring);
        minScore(node);
        Optional<TextOutput> queryNode = isNodeOutput(node) ? wiring.optional(node, "query", Role.TEXT_OUTPUT) : Optional.empty();
        return new VectorStoreToDocumentNode(node, store, queryNode);
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        if (isNodeOutput(current)) {
            throw new ChatflowException(ChatflowException.Kind.INPUT, "node " + node.id() + " (" + NAME + ") takes its "
                    + "query from another node's output, which an upsert cannot run: set overrideConfig.query");
        }
        String query = current.inputs().text("query").orElseThrow(() -> new ChatflowException(ChatflowException.Kind.INPUT,
                "node " + node.id() + " (" + NAME + ") needs a query in its query input (or overrideConfig.query): "
                        + "an upsert has no question to search the store with"));
        return search(current, query);
    }

    @Override
    public CompletionStage<String> text(FlowRequest request) {
        ExportNode current;
        try {
            current = Overrides.reload(node, request.overrideConfig(), OVERRIDABLE, overridden -> overridden, node);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<String> query = queryNode.filter(output -> isNodeOutput(current)).map(output -> output.text(request))
                .orElseGet(() -> CompletableFuture.completedFuture(current.inputs().text("query").orElse(request.question())));
        return query.thenApply(text -> search(current, text).stream()
                .map(document -> document.pageContent() + "\n").collect(Collectors.joining()));
    }

    private static boolean isNodeOutput(ExportNode node) {
        return node.inputs().text("query").filter(query -> NODE_OUTPUT.matcher(query).matches()).isPresent();
    }

    private List<SourceDocument> search(ExportNode current, String query) {
        double minScore = minScore(current) / 100;
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
