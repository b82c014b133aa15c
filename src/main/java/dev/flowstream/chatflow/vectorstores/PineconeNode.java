package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Flowise's {@code pinecone} node over Pinecone's REST API ({@link PineconeIndex}): an upsert sends
 * the documents' vectors (the text in the metadata under {@code pineconeTextKey}, default
 * {@code text}, as LangChain stores it) to {@code pineconeNamespace} of {@code pineconeIndex}, and a
 * question queries the {@code topK} closest, with {@code pineconeMetadataFilter}. Pinecone keeps
 * what was upserted; an upsert adds, as Flowise's does.
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class PineconeNode implements Retriever, Upserter {

    static final String NAME = "pinecone";
    private static final int BATCH = 100;

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final int topK;
    private final String textKey;
    private final Optional<JsonNode> filter;
    private final PineconeIndex pinecone;

    private PineconeNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.topK = StoreInputs.topK(node);
        String index = node.inputs().text("pineconeIndex").map(String::trim)
                .orElseThrow(() -> node.failure("needs the name of a Pinecone index in its pineconeIndex input"));
        this.textKey = node.inputs().text("pineconeTextKey").map(String::trim).orElse("text");
        this.filter = node.inputs().json("pineconeMetadataFilter");
        if (filter.isPresent() && !filter.get().isObject()) throw node.failure("input pineconeMetadataFilter must be a JSON object");
        this.pinecone = new PineconeIndex(node, wiring.runtime(), Optional.of(index),
                node.inputs().text("pineconeNamespace").map(String::trim));
    }

    static PineconeNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new PineconeNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<SourceDocument> found = new ArrayList<>();
        for (JsonNode match : pinecone.query(embeddings.embed(List.of(query)).get(0), topK, filter, true)) {
            found.add(PineconeIndex.document(match.path("metadata"), textKey));
        }
        return found;
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) batch.add(vector(documents.get(i), vectors.get(i)));
            pinecone.upsert(batch);
        }
        return UpsertResult.added(documents);
    }

    private Map<String, Object> vector(SourceDocument document, float[] values) {
        Map<String, Object> metadata = new HashMap<>(document.metadata());
        metadata.put(textKey, document.pageContent());
        return Map.of("id", UUID.randomUUID().toString(), "values", values, "metadata", metadata);
    }
}
