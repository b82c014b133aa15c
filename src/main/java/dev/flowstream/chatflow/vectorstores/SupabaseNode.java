package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Indexing;
import dev.flowstream.chatflow.node.KeyedStore;
import dev.flowstream.chatflow.node.RecordManager;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Flowise's {@code supabase} node over Supabase's REST API (PostgREST) at {@code supabaseProjUrl}:
 * an upsert inserts rows {@code {content, embedding, metadata}} into {@code tableName}; a question
 * calls the search function {@code queryName} ({@code POST /rest/v1/rpc/<queryName>}) with
 * LangChain's parameters {@code query_embedding}, {@code match_count} and {@code filter} (the
 * {@code supabaseMetadataFilter}, {@code {}} without one), and reads rows {@code {content, metadata,
 * similarity}}: Supabase's {@code match_documents} function as Flowise's documentation sets it up.
 * A {@code supabaseRPCFilter} ({@link RpcFilter}) replaces the metadata filter: then the function
 * gets the query vector only and the rows are filtered and limited by PostgREST. With
 * {@code searchType} {@code mmr} the function must also return each row's {@code embedding}. The
 * key ({@code supabaseApi} credential, or {@code SUPABASE_API_KEY}) goes as {@code apikey} and
 * bearer token. pgvector's dimension errors are told as such. Blank connection inputs (as Flowise's
 * templates ship them) fail the upsert or question that needs them, not the load. Its score
 * ({@link ScoredSearch}) is the function's {@code similarity} column, as LangChain reads it. With a
 * {@code recordManager}, rows are kept under their documents' hashes as {@code id} ({@link Indexing}):
 * the table's {@code id} column must then take UUIDs (Supabase's template has {@code bigserial}).
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class SupabaseNode implements Retriever, Upserter, ScoredSearch, KeyedStore {

    static final String NAME = "supabase";
    private static final ApiKeys KEYS = new ApiKeys("supabaseApiKey", "supabaseApi", "SUPABASE_API_KEY");
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern[] DIMENSION_ERRORS = {
            Pattern.compile("expected (?<stored>\\d+) dimensions, not (?<given>\\d+)"),
            Pattern.compile("different vector dimensions (?<stored>\\d+) and (?<given>\\d+)")};
    private static final int BATCH = 500;
    /** Ids in one delete's address ({@code id=in.(...)}), well within what servers take in a URL. */
    private static final int DELETE_BATCH = 100;

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final StoreSearch search;
    private final Optional<URI> project;
    private final Optional<String> table;
    private final Optional<String> function;
    private final Optional<JsonNode> filter;
    private final Optional<RpcFilter> rpcFilter;
    private final VendorApi api;
    private final Optional<RecordManager> records;

    private SupabaseNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.search = StoreSearch.of(node);
        this.project = node.inputs().text("supabaseProjUrl").map(url -> project(node, url.trim()));
        this.table = node.inputs().text("tableName").map(name -> name(node, "tableName", name.trim()));
        this.function = node.inputs().text("queryName").map(name -> name(node, "queryName", name.trim()));
        this.filter = node.inputs().json("supabaseMetadataFilter");
        if (filter.isPresent() && !filter.get().isObject()) throw node.failure("input supabaseMetadataFilter must be a JSON object");
        this.rpcFilter = node.inputs().text("supabaseRPCFilter").map(text -> RpcFilter.parse(node, text));
        this.api = VendorApi.of(node, "Supabase", runtime)
                .readingErrors(Dimensions.reading(node, () -> table.map(name -> "Supabase table " + name)
                        .orElse("the Supabase table of function " + function()), embeddings, DIMENSION_ERRORS));
        this.records = wiring.optional(node, "recordManager", Role.RECORD_MANAGER);
    }

    static SupabaseNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new SupabaseNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        Rows rows = rows(query, search.candidates());
        float[] vector = rows.query();
        List<VectorIndex.Entry> found = new ArrayList<>();
        for (JsonNode row : rows.found()) {
            float[] stored = search.needsVectors() ? VendorJson.vector(row.path("embedding")).orElseThrow(this::noEmbedding) : vector;
            found.add(new VectorIndex.Entry(stored, document(row)));
        }
        return search.select(vector, found);
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        List<ScoredDocument> found = new ArrayList<>();
        for (JsonNode row : rows(query, k).found()) {
            found.add(new ScoredDocument(document(row), row.path("similarity").asDouble()));
        }
        return found;
    }

    @Override
    public int topK() {
        return search.topK();
    }

    /** The query's vector and the search function's rows for it. */
    private record Rows(float[] query, JsonNode found) {
    }

    /** The search function's rows for {@code query}, at most {@code count}, closest first. */
    private Rows rows(String query, int count) {
        String call = "rest/v1/rpc/" + function();
        URI project = project();
        float[] vector = embeddings.embedQuery(query);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("query_embedding", vector);
        if (rpcFilter.isPresent()) {
            call += "?" + rpcFilter.get().query() + "&limit=" + count;
        } else {
            parameters.put("match_count", count);
            parameters.put("filter", filter.orElseGet(() -> Json.reader().createObjectNode()));
        }
        JsonNode rows = api.post(project.resolve(call), headers(), parameters);
        if (!rows.isArray()) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id() + " (" + NAME + "): function "
                    + function() + " answered something else than rows");
        }
        return new Rows(vector, rows);
    }

    private static SourceDocument document(JsonNode row) {
        Map<String, Object> metadata = row.path("metadata").isObject() ? VendorJson.metadata(row.path("metadata")) : Map.of();
        return new SourceDocument(row.path("content").asText(""), metadata);
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        rows();
        if (records.isPresent()) return Indexing.index(documents, records.get(), this, node);
        insert(documents, Optional.empty());
        return UpsertResult.added(documents);
    }

    @Override
    public String storeName() {
        return StoreInputs.needed(node, table, "tableName", "the name of a table");
    }

    /** Rows under the ids given, a row of the same id replaced (PostgREST's upsert, as LangChain's store sends it). */
    @Override
    public void add(List<SourceDocument> documents, List<String> ids) {
        insert(documents, Optional.of(ids));
    }

    @Override
    public void delete(List<String> ids) {
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            String in = String.join(",", ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH)));
            api.delete(URI.create(rows() + "?id=in.(" + URLEncoder.encode(in, StandardCharsets.UTF_8) + ")"), headers());
        }
    }

    private void insert(List<SourceDocument> documents, Optional<List<String>> ids) {
        URI rows = rows();
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        Map<String, String> headers = new LinkedHashMap<>(headers());
        headers.put("Prefer", ids.isPresent() ? "return=minimal,resolution=merge-duplicates" : "return=minimal");
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (ids.isPresent()) row.put("id", ids.get().get(i));
                row.put("content", documents.get(i).pageContent());
                row.put("embedding", vectors.get(i));
                row.put("metadata", documents.get(i).metadata());
                batch.add(row);
            }
            api.post(rows, headers, batch);
        }
    }

    private URI rows() {
        return project().resolve("rest/v1/" + storeName());
    }

    private Map<String, String> headers() {
        String key = KEYS.require(node, runtime);
        return Map.of("apikey", key, "Authorization", "Bearer " + key);
    }

    private ChatflowException noEmbedding() {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id() + " (" + NAME + "): function "
                + function() + " returns no embedding column, which searchType mmr needs to compare the rows");
    }

    private URI project() {
        return StoreInputs.needed(node, project, "supabaseProjUrl", "the project's URL");
    }

    private String function() {
        return StoreInputs.needed(node, function, "queryName", "the name of its search function");
    }

    private static URI project(ExportNode node, String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() != null && uri.getScheme().startsWith("http")) return uri;
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw node.failure("input supabaseProjUrl must be a URL like https://<project>.supabase.co, not " + url);
    }

    private static String name(ExportNode node, String input, String name) {
        if (!NAME_PATTERN.matcher(name).matches()) throw node.failure("input " + input + " must be a name of letters, digits and _, not " + name);
        return name;
    }
}
