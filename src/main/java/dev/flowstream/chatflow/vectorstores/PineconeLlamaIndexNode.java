package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.IndexRetriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.llamaindex.TextNodes;
import dev.flowstream.chatflow.support.llamaindex.Tokens;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Flowise's {@code pineconeLlamaIndex} node over Pinecone's REST API ({@link PineconeIndex}), as
 * its LlamaIndex vector store works: an upsert cuts each document with text into LlamaIndex's
 * nodes (its sentence splitter, 1024 tokens), embeds each with its metadata and stores it in
 * {@code pineconeNamespace} of {@code pineconeIndex} with the text under {@code text}, in batches
 * of {@code PINECONE_CHUNK_SIZE} (100); a question queries the {@code topK} (4) closest within
 * {@code pineconeMetadataFilter} (an empty filter is none), then fetches their records. Its
 * {@code model} is the one a {@code queryEngine} answers with. Without a {@code pineconeIndex} the
 * flow loads (Flowise's templates ship so) and each use fails saying what to set.
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class PineconeLlamaIndexNode implements IndexRetriever, Upserter {

    static final String NAME = "pineconeLlamaIndex";
    private static final String TEXT_KEY = "text";
    private static final int DEFAULT_BATCH = 100;

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Optional<ChatModelNode> model;
    private final Embedder embeddings;
    private final int topK;
    private final Optional<JsonNode> filter;
    private final int batch;
    private final PineconeIndex pinecone;

    private PineconeLlamaIndexNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Optional<ChatModelNode> model,
                                   Embedder embeddings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.model = model;
        this.embeddings = embeddings;
        this.topK = StoreInputs.topK(node);
        Optional<JsonNode> given = node.inputs().json("pineconeMetadataFilter");
        if (given.isPresent() && !given.get().isObject()) {
            throw node.failure("input pineconeMetadataFilter must be a JSON object");
        }
        this.filter = given.filter(json -> !json.isEmpty());
        this.batch = wiring.runtime().env("PINECONE_CHUNK_SIZE").flatMap(PineconeLlamaIndexNode::positive).orElse(DEFAULT_BATCH);
        this.pinecone = new PineconeIndex(node, wiring.runtime(), node.inputs().text("pineconeIndex").map(String::trim),
                node.inputs().text("pineconeNamespace").map(String::trim));
    }

    static PineconeLlamaIndexNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        Optional<ChatModelNode> model = wiring.optional(node, "model", Role.LLAMAINDEX_CHAT_MODEL);
        Embedder embeddings = wiring.optional(node, "embeddings", Role.LLAMAINDEX_EMBEDDINGS)
                .orElseThrow(() -> node.failure("needs an embeddings node connected to its embeddings input"));
        Tokens.preload(wiring.runtime().workers());
        return new PineconeLlamaIndexNode(node, wiring, loaders, model, embeddings);
    }

    @Override
    public String id() {
        return node.id();
    }

    @Override
    public Optional<ChatModelNode> model() {
        return model;
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<String> ids = PineconeIndex.ids(pinecone.query(embeddings.embed(List.of(query)).get(0), topK, filter, false));
        if (ids.isEmpty()) return List.of();
        JsonNode records = pinecone.fetch(ids);
        List<SourceDocument> found = new ArrayList<>();
        for (String id : ids) {
            JsonNode record = records.path(id);
            if (record.isObject()) found.add(PineconeIndex.document(record.path("metadata"), TEXT_KEY));
        }
        return found;
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig).stream()
                .filter(document -> !document.pageContent().isEmpty()).toList();
        List<SourceDocument> nodes = TextNodes.of(documents);
        List<float[]> vectors = embeddings.embed(nodes.stream().map(TextNodes::embedded).toList());
        for (int from = 0; from < nodes.size(); from += batch) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = from; i < Math.min(nodes.size(), from + batch); i++) records.add(record(nodes.get(i), vectors.get(i)));
            pinecone.upsert(records);
        }
        return UpsertResult.added(documents);
    }

    private static Map<String, Object> record(SourceDocument node, float[] values) {
        Map<String, Object> metadata = new HashMap<>(node.metadata());
        metadata.put(TEXT_KEY, node.pageContent());
        return Map.of("id", UUID.randomUUID().toString(), "values", values, "metadata", metadata);
    }

    private static Optional<Integer> positive(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim())).filter(size -> size > 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
