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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Weaviate's REST and GraphQL API v1 as its reference describes it, on loopback:
 * {@code GET /v1/schema/{class}} (404 while missing), {@code POST /v1/schema} (a class; properties
 * are added as objects bring them, as Weaviate's auto-schema does), {@code POST /v1/batch/objects}
 * (answered 200 with each object's {@code result.errors}; a vector of another length than the
 * class's fails with Weaviate's message) and {@code POST /v1/graphql} with {@code Get} queries
 * of one class: {@code nearVector} or {@code hybrid} ({@code vector}), {@code limit}, {@code where}
 * ({@code Equal} on one {@code path} with {@code valueText}, {@code valueString},
 * {@code valueNumber}, {@code valueInt} or {@code valueBoolean}, and {@code And} of
 * {@code operands}); the fields asked, most similar first by cosine, with {@code _additional}'s
 * {@code distance} and, when asked, {@code vector}. Query errors come back in
 * {@code errors} with status 200, as Weaviate answers them. With a key set, a request without its
 * bearer token gets a 401.
 *
 * <p>Threading: requests are served on pooled threads; the classes are concurrent.
 */
public final class WeaviateStub implements AutoCloseable {

    private static final Pattern GET = Pattern.compile("\\{ Get \\{ (\\w+)\\((.*)\\) \\{ (.*) _additional \\{ distance( vector)? } } } }", Pattern.DOTALL);

    /** A class: its definition (with the properties seen) and its objects. */
    public record WeaviateClass(ObjectNode definition, List<JsonNode> objects) {
    }

    private final StubServer server;
    private final Optional<String> key;
    private final Map<String, WeaviateClass> classes = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private WeaviateStub(StubServer server, Optional<String> key) {
        this.server = server;
        this.key = key;
    }

    public static WeaviateStub start(Optional<String> key) {
        WeaviateStub stub = new WeaviateStub(StubServer.bind("Weaviate stub", 0, 64, n -> "weaviate-stub-" + n), key);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** {@code 127.0.0.1:PORT}: a weaviate node's {@code weaviateHost}. */
    public String host() {
        return server.origin().substring("http://".length());
    }

    public Optional<WeaviateClass> find(String name) {
        return Optional.ofNullable(classes.get(name));
    }

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
        paths.add(method + " " + path);
        if (key.isPresent() && !("Bearer " + key.get()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            StubJson.send(exchange, 401, errors("anonymous access not enabled"));
        } else if (method.equals("GET") && path.startsWith("/v1/schema/")) {
            WeaviateClass found = classes.get(path.substring("/v1/schema/".length()));
            if (found == null) StubJson.sendEmpty(exchange, 404);
            else StubJson.send(exchange, 200, found.definition());
        } else if (method.equals("POST") && path.equals("/v1/schema")) {
            ObjectNode definition = (ObjectNode) JSON.readTree(body);
            if (classes.putIfAbsent(definition.path("class").asText(), new WeaviateClass(definition, new CopyOnWriteArrayList<>())) == null) {
                StubJson.send(exchange, 200, definition);
            } else {
                StubJson.send(exchange, 422, errors("class name " + definition.path("class").asText() + " already exists"));
            }
        } else if (method.equals("POST") && path.equals("/v1/batch/objects")) {
            batch(exchange, JSON.readTree(body));
        } else if (method.equals("POST") && path.equals("/v1/graphql")) {
            graphQl(exchange, JSON.readTree(body).path("query").asText());
        } else {
            StubJson.sendEmpty(exchange, 404);
        }
    }

    private void batch(HttpExchange exchange, JsonNode request) throws IOException {
        ArrayNode answer = JSON.createArrayNode();
        for (JsonNode object : request.path("objects")) {
            ObjectNode result = answer.addObject().put("class", object.path("class").asText()).put("id", object.path("id").asText());
            WeaviateClass target = classes.get(object.path("class").asText());
            int length = object.path("vector").size();
            int existing = target == null || target.objects().isEmpty() ? length : target.objects().get(0).path("vector").size();
            if (target == null || existing != length) {
                String message = target == null ? "class " + object.path("class").asText() + " not found"
                        : "new node has a vector with length " + length + ". Existing nodes have vectors with length " + existing;
                result.putObject("result").putObject("errors").putArray("error").addObject().put("message", message);
                continue;
            }
            ArrayNode properties = target.definition().withArray("properties");
            object.path("properties").fieldNames().forEachRemaining(name -> {
                boolean known = false;
                for (JsonNode property : properties) known |= property.path("name").asText().equals(name);
                if (!known) properties.addObject().put("name", name).putArray("dataType").add("text");
            });
            target.objects().add(object);
            result.putObject("result");
        }
        StubJson.send(exchange, 200, answer);
    }

    private void graphQl(HttpExchange exchange, String query) throws IOException {
        Matcher get = GET.matcher(query);
        if (!get.matches()) {
            StubJson.send(exchange, 200, errors("Syntax Error GraphQL request"));
            return;
        }
        WeaviateClass target = classes.get(get.group(1));
        JsonNode arguments = JSON.readTree(("{" + get.group(2) + "}").replaceAll("([{,]\\s*)([A-Za-z_]\\w*)\\s*:", "$1\"$2\":")
                .replaceAll("\"operator\":\\s*([A-Za-z]\\w*)", "\"operator\": \"$1\""));
        JsonNode search = arguments.has("hybrid") ? arguments.path("hybrid") : arguments.path("nearVector");
        float[] vector = StubJson.vector(search.path("vector"));
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode object : target.objects()) {
            if (object.path("vector").size() != vector.length) {
                StubJson.send(exchange, 200, errors("vector search: knn search: vector lengths don't match: "
                        + object.path("vector").size() + " vs " + vector.length));
                return;
            }
            if (!arguments.has("where") || holds(object.path("properties"), arguments.path("where"))) found.add(object);
        }
        found.sort(Comparator.comparingDouble(object -> -StubJson.cosine(vector, StubJson.vector(object.path("vector")))));
        ObjectNode answer = StubJson.object();
        ArrayNode objects = answer.putObject("data").putObject("Get").putArray(get.group(1));
        found.stream().limit(arguments.path("limit").asInt(10)).forEach(object -> {
            ObjectNode fields = objects.addObject();
            for (String field : get.group(3).trim().split("\\s+")) fields.set(field, object.path("properties").path(field));
            ObjectNode additional = fields.putObject("_additional").put("distance", 1 - StubJson.cosine(vector, StubJson.vector(object.path("vector"))));
            if (get.group(4) != null) additional.set("vector", object.path("vector"));
        });
        StubJson.send(exchange, 200, answer);
    }

    private static boolean holds(JsonNode properties, JsonNode where) {
        if (where.path("operator").asText().equals("And")) {
            for (JsonNode operand : where.path("operands")) if (!holds(properties, operand)) return false;
            return true;
        }
        JsonNode actual = properties.path(where.path("path").path(0).asText());
        for (String type : List.of("valueText", "valueString", "valueNumber", "valueInt", "valueBoolean")) {
            if (where.has(type)) return where.path("operator").asText().equals("Equal") && actual.asText().equals(where.path(type).asText());
        }
        return false;
    }

    private static ObjectNode errors(String message) {
        ObjectNode answer = StubJson.object();
        answer.putArray("errors").addObject().put("message", message);
        return answer;
    }

    @Override
    public void close() {
        server.close();
    }
}
