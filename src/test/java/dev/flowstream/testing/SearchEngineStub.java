package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Elasticsearch's or OpenSearch's REST API as their references describe it, on loopback:
 * {@code GET /{index}} (404 {@code index_not_found_exception} while missing), {@code PUT /{index}}
 * (its {@code mappings}, and {@code settings}), {@code POST /_bulk} (NDJSON {@code index} actions,
 * {@code application/x-ndjson} only; items whose vector has another length than the mapping's
 * fail with the engine's own {@code mapper_parsing_exception} while the others are kept, as the
 * engines do) and {@code POST /{index}/_search} with Elasticsearch's top-level {@code knn}
 * ({@code query_vector}, {@code k}) or OpenSearch's {@code knn} query ({@code vector}, {@code k},
 * inside {@code query} or a {@code bool}'s {@code must}, with {@code term} filters on
 * {@code metadata.*} in its {@code filter}), most similar first by cosine. With an
 * {@code Authorization} value set, a request without it gets a 401.
 *
 * <p>Threading: requests are served on pooled threads; the indices are concurrent.
 */
public final class SearchEngineStub implements AutoCloseable {

    /** An index: how it was created and its documents ({@code _source}). */
    public record Index(JsonNode definition, List<JsonNode> documents) {
        int dimension() {
            JsonNode embedding = definition.path("mappings").path("properties").path("embedding");
            return embedding.has("dims") ? embedding.path("dims").asInt() : embedding.path("dimension").asInt();
        }
    }

    private final StubServer server;
    private final boolean openSearch;
    private final Optional<String> authorization;
    private final Map<String, Index> indices = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private SearchEngineStub(StubServer server, boolean openSearch, Optional<String> authorization) {
        this.server = server;
        this.openSearch = openSearch;
        this.authorization = authorization;
    }

    /** @param authorization the {@code Authorization} header every request must carry, if any */
    public static SearchEngineStub elasticsearch(Optional<String> authorization) {
        return start(false, authorization);
    }

    public static SearchEngineStub openSearch(Optional<String> authorization) {
        return start(true, authorization);
    }

    private static SearchEngineStub start(boolean openSearch, Optional<String> authorization) {
        SearchEngineStub stub = new SearchEngineStub(StubServer.bind("search engine stub", 0, 64, n -> "search-stub-" + n),
                openSearch, authorization);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    public String url() {
        return server.origin();
    }

    /** Creates an index beforehand, as another client would have, with vectors of {@code dimension}. */
    public SearchEngineStub index(String name, int dimension) {
        ObjectNode definition = StubJson.object();
        definition.putObject("mappings").putObject("properties").putObject("embedding")
                .put("type", openSearch ? "knn_vector" : "dense_vector").put(openSearch ? "dimension" : "dims", dimension);
        indices.put(name, new Index(definition, new CopyOnWriteArrayList<>()));
        return this;
    }

    public Optional<Index> find(String name) {
        return Optional.ofNullable(indices.get(name));
    }

    /** Each request as {@code METHOD /path?query}. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    public JsonNode lastBody() throws IOException {
        return JSON.readTree(server.lastBody().orElse("{}"));
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        paths.add(method + " " + path + Optional.ofNullable(exchange.getRequestURI().getRawQuery()).map(q -> "?" + q).orElse(""));
        if (authorization.isPresent() && !authorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            StubJson.send(exchange, 401, error("security_exception", "missing authentication credentials", 401));
            return;
        }
        String[] parts = path.substring(1).split("/", 2);
        String rest = parts.length > 1 ? parts[1] : "";
        if (method.equals("POST") && parts[0].equals("_bulk")) {
            bulk(exchange, body);
        } else if (method.equals("PUT") && rest.isEmpty()) {
            if (indices.putIfAbsent(parts[0], new Index(JSON.readTree(body), new CopyOnWriteArrayList<>())) == null) {
                StubJson.send(exchange, 200, StubJson.object().put("acknowledged", true).put("index", parts[0]));
            } else {
                StubJson.send(exchange, 400, error("resource_already_exists_exception", "index [" + parts[0] + "] already exists", 400));
            }
        } else if (!indices.containsKey(parts[0])) {
            StubJson.send(exchange, 404, error("index_not_found_exception", "no such index [" + parts[0] + "]", 404));
        } else if (method.equals("GET") && rest.isEmpty()) {
            ObjectNode info = StubJson.object();
            info.set(parts[0], indices.get(parts[0]).definition());
            StubJson.send(exchange, 200, info);
        } else if (method.equals("POST") && rest.equals("_search")) {
            search(exchange, indices.get(parts[0]), JSON.readTree(body));
        } else {
            StubJson.send(exchange, 404, error("not_found", "no handler", 404));
        }
    }

    private void bulk(HttpExchange exchange, String body) throws IOException {
        if (!"application/x-ndjson".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            StubJson.send(exchange, 406, error("media_type_header_exception", "Content-Type is not supported", 406));
            return;
        }
        String[] lines = body.split("\n");
        ObjectNode answer = StubJson.object().put("took", 1).put("errors", false);
        ArrayNode items = answer.putArray("items");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            JsonNode action = JSON.readTree(lines[i]).path("index");
            JsonNode source = JSON.readTree(lines[i + 1]);
            Index index = indices.get(action.path("_index").asText());
            ObjectNode item = items.addObject().putObject("index").put("_index", action.path("_index").asText())
                    .put("_id", action.path("_id").asText());
            int given = source.path("embedding").size();
            if (index != null && given != index.dimension()) {
                answer.put("errors", true);
                item.put("status", 400).set("error", dimensionError(index.dimension(), given));
            } else if (index != null) {
                index.documents().add(source);
                item.put("status", 201).put("result", "created");
            } else {
                answer.put("errors", true);
                item.put("status", 404).set("error", error("index_not_found_exception", "no such index", 404).path("error"));
            }
        }
        StubJson.send(exchange, 200, answer);
    }

    private void search(HttpExchange exchange, Index index, JsonNode request) throws IOException {
        JsonNode knn = request.has("knn") ? request.path("knn") : request.path("query").has("knn")
                ? request.path("query").path("knn").path("embedding") : request.path("query").path("bool").path("must").path(0).path("knn").path("embedding");
        float[] query = StubJson.vector(knn.has("query_vector") ? knn.path("query_vector") : knn.path("vector"));
        if (query.length != index.dimension()) {
            String reason = "failed to create query: The query vector has a different number of dimensions [" + query.length
                    + "] than the document vectors [" + index.dimension() + "].";
            StubJson.send(exchange, 400, error("search_phase_execution_exception", reason, 400));
            return;
        }
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode document : index.documents()) if (matches(document, request.path("query").path("bool").path("filter"))) found.add(document);
        found.sort(Comparator.comparingDouble(document -> -StubJson.cosine(query, StubJson.vector(document.path("embedding")))));
        ObjectNode answer = StubJson.object();
        ArrayNode hits = answer.putObject("hits").putArray("hits");
        found.stream().limit(Math.min(knn.path("k").asInt(10), request.path("size").asInt(10))).forEach(document -> {
            ObjectNode hit = hits.addObject().put("_score", StubJson.cosine(query, StubJson.vector(document.path("embedding"))));
            hit.set("_source", document);
        });
        StubJson.send(exchange, 200, answer);
    }

    /** OpenSearch's filters as LangChain writes them: {@code term}s on {@code metadata.<key>}, under {@code bool.must}. */
    private static boolean matches(JsonNode document, JsonNode filter) {
        List<JsonNode> terms = new ArrayList<>();
        filter.path("bool").path("must").forEach(terms::add);
        for (JsonNode term : terms) {
            for (Map.Entry<String, JsonNode> field : term.path("term").properties()) {
                if (!StubJson.at(document, field.getKey()).equals(field.getValue())) return false;
            }
        }
        return true;
    }

    private ObjectNode dimensionError(int expected, int given) {
        String reason = openSearch ? "Vector dimension mismatch. Expected: " + expected + ", Given: " + given
                : "The [dense_vector] field [embedding] in doc [document with id 'x'] has a different number of dimensions ["
                + given + "] than defined in the mapping [" + expected + "]";
        ObjectNode error = StubJson.object().put("type", "mapper_parsing_exception").put("reason", "failed to parse");
        error.putObject("caused_by").put("type", "illegal_argument_exception").put("reason", reason);
        return error;
    }

    private static ObjectNode error(String type, String reason, int status) {
        ObjectNode answer = StubJson.object();
        answer.putObject("error").put("type", type).put("reason", reason);
        return answer.put("status", status);
    }

    @Override
    public void close() {
        server.close();
    }
}
