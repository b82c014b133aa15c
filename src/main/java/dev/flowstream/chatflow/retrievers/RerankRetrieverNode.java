package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flowise's {@code cohereRerankRetriever} and {@code voyageAIRerankRetriever}: the documents of its
 * {@code baseRetriever}, ranked by the provider's rerank {@code model} ({@link RerankApi}) for the
 * query, the {@code topK} most relevant kept (default: the base store's {@code topK}, else 4), each
 * with the provider's {@code relevance_score} in its metadata. No documents, no call. Unlike
 * Flowise, which quietly returns the base documents unranked when the provider fails, a provider
 * that fails, refuses the key or is down fails the question naming the node (502, 504 past the
 * model timeout); its key comes from the node's credential or the provider's usual variable.
 *
 * <p>Threading: immutable after load; {@link #retrieve} is safe concurrently and blocks on the
 * base retriever and the provider.
 */
final class RerankRetrieverNode implements Retriever {

    static final String COHERE = "cohereRerankRetriever";
    static final String VOYAGE = "voyageAIRerankRetriever";
    private static final int DEFAULT_TOP_K = 4;

    private final ExportNode node;
    private final Retriever base;
    private final RerankApi provider;
    private final String model;
    private final int topK;
    private final URI endpoint;
    private final VendorApi api;
    private final FlowRuntime runtime;

    private RerankRetrieverNode(ExportNode node, Wiring wiring, Retriever base, RerankApi provider) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.base = base;
        this.provider = provider;
        this.model = node.inputs().text("model").map(String::trim).orElse(provider.model());
        this.topK = node.inputs().integer("topK")
                .orElseGet(() -> base instanceof ScoredSearch store ? store.topK() : DEFAULT_TOP_K);
        if (topK < 1) throw node.failure("input topK must be 1 or more");
        this.endpoint = provider.endpoint(node.inputs().text("basepath"));
        this.api = VendorApi.of(node, provider.vendor(), runtime);
    }

    static RerankRetrieverNode load(ExportNode node, Wiring wiring) {
        Retriever base = wiring.required(node, "baseRetriever", Role.RETRIEVER);
        RerankApi provider = node.name().equals(COHERE) ? RerankApi.cohere(node) : RerankApi.voyage();
        return new RerankRetrieverNode(node, wiring, base, provider);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<SourceDocument> documents = base.retrieve(query);
        if (documents.isEmpty()) return documents;
        String key = provider.keys().require(node, runtime);
        Map<String, Object> body = provider.request().body(model, query,
                documents.stream().map(SourceDocument::pageContent).toList(), Math.min(topK, documents.size()));
        JsonNode ranked = provider.ranked(api.post(endpoint, Map.of("Authorization", "Bearer " + key), body));
        if (!ranked.isArray()) throw unexpected("without the ranked documents");
        List<SourceDocument> kept = new ArrayList<>();
        for (JsonNode result : ranked) {
            int index = result.path("index").asInt(-1);
            if (index < 0 || index >= documents.size()) throw unexpected("with a document that was not sent");
            Map<String, Object> metadata = new LinkedHashMap<>(documents.get(index).metadata());
            metadata.put("relevance_score", result.path("relevance_score").asDouble());
            kept.add(new SourceDocument(documents.get(index).pageContent(), metadata));
        }
        return kept.stream().limit(topK).toList();
    }

    private ChatflowException unexpected(String what) {
        return new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id() + " (" + node.name() + "): "
                + provider.vendor() + " answered " + what);
    }
}
