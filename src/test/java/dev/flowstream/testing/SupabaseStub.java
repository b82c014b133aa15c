package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Supabase's REST API (PostgREST) over a pgvector table, as Supabase's and LangChain's guides set
 * it up, on loopback: {@code POST /rest/v1/<table>} inserts rows {@code {content, embedding,
 * metadata}} into a {@code vector(N)} column (with {@code Prefer: resolution=merge-duplicates}, a row of
 * an {@code id} already held is replaced), {@code DELETE /rest/v1/<table>?id=in.(...)} deletes, and {@code POST /rest/v1/rpc/<function>} is the
 * {@code match_documents} function ({@code query_embedding}, {@code match_count},
 * {@code filter} as jsonb containment) returning {@code id, content, metadata, similarity} (and
 * {@code embedding} when the function was declared with it), most similar first, with PostgREST's
 * query filters on the result ({@code metadata->>key=op.value}, {@code eq neq gt gte lt lte}) and
 * {@code limit}. A vector of another length gets pgvector's error as PostgREST answers it (400);
 * a request without the key in {@code apikey} gets Supabase's 401.
 *
 * <p>Threading: requests are served on pooled threads; the tables are concurrent.
 */
public final class SupabaseStub implements AutoCloseable {

    private record Table(int dimensions, List<ObjectNode> rows) {
    }

    private record Function(String table, boolean returnsEmbedding) {
    }

    private final StubServer server;
    private final String key;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private SupabaseStub(StubServer server, String key) {
        this.server = server;
        this.key = key;
    }

    public static SupabaseStub start(String key) {
        SupabaseStub stub = new SupabaseStub(StubServer.bind("Supabase stub", 0, 64, n -> "supabase-stub-" + n), key);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** Creates a table with a {@code vector(dimensions)} column and its search function. */
    public SupabaseStub table(String table, int dimensions, String function, boolean returnsEmbedding) {
        tables.put(table, new Table(dimensions, new CopyOnWriteArrayList<>()));
        functions.put(function, new Function(table, returnsEmbedding));
        return this;
    }

    /** {@code http://127.0.0.1:PORT}: a supabase node's {@code supabaseProjUrl}. */
    public String url() {
        return server.origin();
    }

    public List<String> paths() {
        return List.copyOf(paths);
    }

    public List<ObjectNode> rows(String table) {
        return List.copyOf(tables.get(table).rows());
    }

    public JsonNode lastBody() throws IOException {
        return JSON.readTree(server.lastBody().orElse("{}"));
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        String path = exchange.getRequestURI().getPath();
        String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        paths.add(exchange.getRequestMethod() + " " + path + (query.isEmpty() ? "" : "?" + query));
        if (!key.equals(exchange.getRequestHeaders().getFirst("apikey"))) {
            StubJson.send(exchange, 401, StubJson.object().put("message", "Invalid API key"));
        } else if (path.startsWith("/rest/v1/rpc/") && functions.containsKey(path.substring(13))) {
            search(exchange, functions.get(path.substring(13)), JSON.readTree(body), query);
        } else if (path.startsWith("/rest/v1/") && tables.containsKey(path.substring(9))
                && exchange.getRequestMethod().equals("DELETE")) {
            delete(exchange, tables.get(path.substring(9)), query);
        } else if (path.startsWith("/rest/v1/") && tables.containsKey(path.substring(9))) {
            insert(exchange, tables.get(path.substring(9)), JSON.readTree(body),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Prefer")).orElse("").contains("resolution=merge-duplicates"));
        } else {
            StubJson.send(exchange, 404, postgrestError("PGRST202", "Could not find " + path));
        }
    }

    /** PostgREST's delete by {@code id=in.(a,b)}; a delete without a filter is refused, as PostgREST's safe mode does. */
    private void delete(HttpExchange exchange, Table table, String query) throws IOException {
        String filter = java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8);
        if (!filter.startsWith("id=in.(") || !filter.endsWith(")")) {
            StubJson.send(exchange, 400, postgrestError("21000", "DELETE requires a WHERE clause"));
            return;
        }
        java.util.Set<String> ids = java.util.Set.of(filter.substring(7, filter.length() - 1).split(","));
        table.rows().removeIf(row -> ids.contains(row.path("id").asText()));
        StubJson.sendEmpty(exchange, 204);
    }

    private void insert(HttpExchange exchange, Table table, JsonNode rows, boolean merge) throws IOException {
        for (JsonNode row : rows) {
            if (row.path("embedding").size() != table.dimensions()) {
                StubJson.send(exchange, 400, dimensionError(table.dimensions(), row.path("embedding").size()));
                return;
            }
        }
        for (JsonNode row : rows) {
            ObjectNode kept = (ObjectNode) row.deepCopy();
            if (!kept.has("id")) kept.put("id", ids.incrementAndGet());
            else if (merge) table.rows().removeIf(stored -> stored.path("id").asText().equals(kept.path("id").asText()));
            table.rows().add(kept);
        }
        StubJson.sendEmpty(exchange, 201);
    }

    private void search(HttpExchange exchange, Function function, JsonNode parameters, String query) throws IOException {
        Table table = tables.get(function.table());
        float[] vector = StubJson.vector(parameters.path("query_embedding"));
        if (vector.length != table.dimensions()) {
            StubJson.send(exchange, 400, dimensionError(table.dimensions(), vector.length));
            return;
        }
        JsonNode filter = parameters.path("filter");
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode row : table.rows()) {
            if (!filter.isObject() || StubJson.contains(row.path("metadata"), filter)) found.add(row);
        }
        found.sort(Comparator.comparingDouble(row -> -StubJson.cosine(vector, StubJson.vector(row.path("embedding")))));
        int count = parameters.path("match_count").isInt() ? parameters.path("match_count").asInt() : found.size();
        ArrayNode answer = JSON.createArrayNode();
        found.stream().limit(count).forEach(row -> {
            ObjectNode result = answer.addObject().put("id", row.path("id").asLong()).put("content", row.path("content").asText());
            result.set("metadata", row.path("metadata"));
            if (function.returnsEmbedding()) result.set("embedding", row.path("embedding"));
            result.put("similarity", StubJson.cosine(vector, StubJson.vector(row.path("embedding"))));
        });
        StubJson.send(exchange, 200, PostgrestQuery.parse(query).apply(answer));
    }

    private static ObjectNode dimensionError(int expected, int got) {
        return postgrestError("22000", "expected " + expected + " dimensions, not " + got);
    }

    private static ObjectNode postgrestError(String code, String message) {
        ObjectNode error = StubJson.object().put("code", code).put("message", message);
        error.putNull("details");
        error.putNull("hint");
        return error;
    }

    @Override
    public void close() {
        server.close();
    }

    /** PostgREST's horizontal filters on text fields of a JSON column ({@code metadata->>source=eq.a}) and {@code limit}. */
    private record PostgrestQuery(List<String[]> filters, Optional<Integer> limit) {

        static PostgrestQuery parse(String query) {
            List<String[]> filters = new ArrayList<>();
            Optional<Integer> limit = Optional.empty();
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length < 2) continue;
                String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                String value = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                if (name.equals("limit")) limit = Optional.of(Integer.parseInt(value));
                else filters.add(new String[]{name, value.substring(0, value.indexOf('.')), value.substring(value.indexOf('.') + 1)});
            }
            return new PostgrestQuery(filters, limit);
        }

        ArrayNode apply(ArrayNode rows) {
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode row : rows) if (filters.stream().allMatch(filter -> holds(row, filter))) kept.add(row);
            while (limit.isPresent() && kept.size() > limit.get()) kept.remove(kept.size() - 1);
            return kept;
        }

        private static boolean holds(JsonNode row, String[] filter) {
            String[] column = filter[0].split("->>", 2);
            String actual = column.length == 2 ? row.path(column[0]).path(column[1]).asText() : row.path(column[0]).asText();
            int order = compare(actual, filter[2]);
            return switch (filter[1]) {
                case "eq" -> order == 0;
                case "neq" -> order != 0;
                case "gt" -> order > 0;
                case "gte" -> order >= 0;
                case "lt" -> order < 0;
                case "lte" -> order <= 0;
                default -> throw new IllegalArgumentException("the stub does not filter with " + filter[1]);
            };
        }

        private static int compare(String actual, String wanted) {
            try {
                return Double.compare(Double.parseDouble(actual), Double.parseDouble(wanted));
            } catch (NumberFormatException e) {
                return actual.compareTo(wanted);
            }
        }
    }
}
