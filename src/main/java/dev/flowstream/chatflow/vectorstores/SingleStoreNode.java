package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flowise's {@code singlestore} node ({@link SingleStoreTable}): {@code host} (Flowise connects to
 * port 3306; {@code host:port} names another), {@code database}, {@code tableName}
 * ({@code embeddings}), {@code contentColumnName} ({@code content}), {@code vectorColumnName}
 * ({@code vector}), {@code metadataColumnName} ({@code metadata}), {@code topK} (4), and the
 * {@code singleStoreApi} credential's {@code user} and {@code password} (or
 * {@code SINGLESTORE_USER}, {@code SINGLESTORE_PASSWORD}). An upsert adds to the table, creating it
 * when missing; a question returns the {@code topK} rows of the highest dot product, none while
 * the table does not exist. Its score ({@link ScoredSearch}) is that dot product, higher is closer.
 *
 * <p>Threading: thread-safe; queries block on the database and run on the runtime's workers.
 */
final class SingleStoreNode implements Retriever, Upserter, ScoredSearch {

    static final String NAME = "singlestore";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern HOST = Pattern.compile("(?<host>[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])(?::(?<port>\\d{1,5}))?");
    private static final ApiKeys USER = new ApiKeys("user", "singleStoreApi", "SINGLESTORE_USER");
    private static final ApiKeys PASSWORD = new ApiKeys("password", "singleStoreApi", "SINGLESTORE_PASSWORD");

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final int topK;
    private final SingleStoreTable table;

    private SingleStoreNode(ExportNode node, List<DocumentLoader> loaders, Embedder embeddings, int topK, SingleStoreTable table) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.topK = topK;
        this.table = table;
    }

    static SingleStoreNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        Embedder embeddings = StoreInputs.embeddings(node, wiring);
        // blank server or database (as Flowise's templates ship them) load, and fail the request that needs them
        Optional<String> host = node.inputs().text("host").map(String::trim);
        Optional<Matcher> address = host.map(HOST::matcher);
        if (address.isPresent() && !address.get().matches()) throw node.failure("input host must be a host name or host:port, not " + host.get());
        int port = address.map(found -> found.group("port")).map(Integer::parseInt).orElse(3306);
        if (port < 1 || port > 65_535) throw node.failure("input host has a port outside 1-65535: " + host.orElseThrow());
        Optional<String> database = node.inputs().text("database").map(String::trim).map(name -> identifier(node, "database", name));
        SingleStoreTable.Location at = new SingleStoreTable.Location(address.map(found -> found.group("host")), port, database,
                column(node, "tableName", "embeddings"), column(node, "contentColumnName", "content"),
                column(node, "vectorColumnName", "vector"), column(node, "metadataColumnName", "metadata"),
                USER.find(node, wiring.runtime()), PASSWORD.find(node, wiring.runtime()));
        return new SingleStoreNode(node, loaders, embeddings, StoreInputs.topK(node), new SingleStoreTable(node, at, embeddings));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return scoredSearch(query, topK).stream().map(ScoredDocument::document).toList();
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        return table.search(embeddings.embedQuery(query), k);
    }

    @Override
    public int topK() {
        return topK;
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig)
                .stream().filter(document -> !document.pageContent().isEmpty()).toList();
        if (documents.isEmpty()) return UpsertResult.added(documents);
        table.add(documents, embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList()));
        return UpsertResult.added(documents);
    }

    @Override
    public void close() {
        table.close();
    }

    private static String column(ExportNode node, String input, String fallback) {
        return identifier(node, input, node.inputs().text(input).map(String::trim).orElse(fallback));
    }

    private static String identifier(ExportNode node, String input, String value) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw node.failure("input " + input + " must be letters, digits and underscores (at most 64), not " + value);
        }
        return value;
    }

}
