package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Indexing;
import dev.flowstream.chatflow.node.KeyedStore;
import dev.flowstream.chatflow.node.RecordManager;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code postgres} vector store: pgvector in a PostgreSQL database, in the table and
 * columns Flowise's own store uses ({@code tableName}, default {@code documents}: {@code id},
 * the text in {@code contentColumnName}, default {@code pageContent}, {@code metadata} as jsonb,
 * {@code embedding}), so a table Flowise filled can be searched here and the reverse. An upsert
 * creates the extension and the table when missing and adds the documents (as Flowise's does); a
 * question returns the {@code topK} closest by {@code distanceStrategy} (cosine, euclidean or
 * inner product) among the rows matching {@code pgMetadataFilter}. Connection: {@code host},
 * {@code port} (5432), {@code database}, {@code ssl}, the user and password of the
 * {@code PostgresApi} credential, each also from Flowise's {@code POSTGRES_VECTORSTORE_*} variables.
 * Its score ({@link ScoredSearch}) is pgvector's distance by that strategy, lower is closer, as
 * Flowise's store selects it: cosine distance, euclidean distance, or the negated inner product.
 * With a {@code recordManager}, an upsert keeps rows under their documents' hashes ({@link Indexing}).
 *
 * <p>Threading: thread-safe; queries block on the database and run on the runtime's workers. Its
 * connection pool closes with the flow.
 */
final class PostgresNode implements Retriever, Upserter, ScoredSearch, KeyedStore {

    static final String NAME = "postgres";
    private static final Set<String> DISTANCES = Set.of("cosine", "euclidean", "innerProduct");

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final int topK;
    private final Optional<JsonNode> filter;
    private final PgVectorTable table;
    private final Optional<RecordManager> records;

    private PostgresNode(ExportNode node, List<DocumentLoader> loaders, Embedder embeddings, int topK,
                         Optional<JsonNode> filter, PgVectorTable table, Optional<RecordManager> records) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.topK = topK;
        this.filter = filter;
        this.table = table;
        this.records = records;
    }

    static PostgresNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        Embedder embeddings = StoreInputs.embeddings(node, wiring);
        int topK = StoreInputs.topK(node);
        Optional<JsonNode> filter = node.inputs().json("pgMetadataFilter");
        if (filter.isPresent() && !filter.get().isObject()) throw node.failure("input pgMetadataFilter must be a JSON object");
        String distance = node.inputs().text("distanceStrategy").map(String::trim).orElse("cosine");
        if (!DISTANCES.contains(distance)) {
            throw node.failure("input distanceStrategy must be cosine, euclidean or innerProduct, not " + distance);
        }
        Optional<RecordManager> records = wiring.optional(node, "recordManager", Role.RECORD_MANAGER);
        return new PostgresNode(node, loaders, embeddings, topK, filter,
                PgVectorTable.of(node, wiring.runtime(), embeddings, distance), records);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return table.nearest(embeddings.embedQuery(query), topK, filter);
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        return table.scored(embeddings.embedQuery(query), k, filter);
    }

    @Override
    public int topK() {
        return topK;
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        if (records.isPresent()) return Indexing.index(documents, records.get(), this, node);
        table.add(documents, embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList()));
        return UpsertResult.added(documents);
    }

    @Override
    public String storeName() {
        return table.name();
    }

    @Override
    public void add(List<SourceDocument> documents, List<String> ids) {
        table.add(documents, embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList()), ids);
    }

    @Override
    public void delete(List<String> ids) {
        table.delete(ids);
    }

    @Override
    public void close() {
        table.close();
    }
}
