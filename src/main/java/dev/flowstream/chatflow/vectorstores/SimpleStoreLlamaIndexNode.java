package dev.flowstream.chatflow.vectorstores;

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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Flowise's {@code simpleStoreLlamaIndex}: LlamaIndex's local vector store, kept on disk in its
 * {@code basePath} ({@link StoreDirectory}, inside the config directory) in Flowstream's own
 * format ({@link VectorFile}), not LlamaIndex's JSON files. An upsert cuts the documents of its
 * {@code document} loaders into LlamaIndex's nodes (its sentence splitter, 1024 tokens), embeds
 * each with its metadata lines as LlamaIndex does, and replaces the store; a question is embedded
 * and the {@code topK} (4) nodes closest by cosine similarity are returned, best first, as
 * LlamaIndex's simple store ranks them. Its {@code model} is the one a {@code queryEngine} answers
 * with. Before any upsert the store finds nothing.
 *
 * <p>Threading: {@link #retrieve} is safe concurrently; upserts are serialised; both block on the
 * embeddings provider and the disk.
 */
final class SimpleStoreLlamaIndexNode implements IndexRetriever, Upserter {

    static final String NAME = "simpleStoreLlamaIndex";

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Optional<ChatModelNode> model;
    private final Embedder embeddings;
    private final int topK;
    private final DiskIndex stored;

    private SimpleStoreLlamaIndexNode(ExportNode node, Wiring wiring, Optional<ChatModelNode> model, Embedder embeddings) {
        this.node = node;
        this.loaders = List.copyOf(wiring.all(node, "document", Role.DOCUMENT_LOADER));
        this.model = model;
        this.embeddings = embeddings;
        this.topK = StoreInputs.topK(node);
        this.stored = new DiskIndex(node, StoreDirectory.of(node, wiring));
    }

    static SimpleStoreLlamaIndexNode load(ExportNode node, Wiring wiring) {
        Optional<ChatModelNode> model = wiring.optional(node, "model", Role.LLAMAINDEX_CHAT_MODEL);
        Embedder embeddings = wiring.optional(node, "embeddings", Role.LLAMAINDEX_EMBEDDINGS)
                .orElseThrow(() -> node.failure("needs an embeddings node connected to its embeddings input"));
        Tokens.preload(wiring.runtime().workers());
        return new SimpleStoreLlamaIndexNode(node, wiring, model, embeddings);
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
        VectorIndex index = stored.read();
        if (index.entries().isEmpty()) return List.of();
        return index.search(embeddings.embed(List.of(query)).get(0), topK, node);
    }

    @Override
    public synchronized UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        List<SourceDocument> nodes = TextNodes.of(documents);
        List<float[]> vectors = nodes.isEmpty() ? List.of() : embeddings.embed(nodes.stream().map(TextNodes::embedded).toList());
        stored.replace(new VectorIndex(IntStream.range(0, nodes.size())
                .mapToObj(i -> new VectorIndex.Entry(vectors.get(i), nodes.get(i))).toList()));
        return UpsertResult.added(documents);
    }
}
