package dev.flowstream.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small JSON API on loopback for the API loader's tests ("Otterly" again):
 * <ul>
 *   <li>{@code GET /otters}: a JSON list of otters ({@link #OTTERS});</li>
 *   <li>{@code POST /search}: answers {@code {"query": <the body's query>, "hits": 1}};</li>
 *   <li>{@code /notes}: plain text; {@code /old}: a 301 to {@code /otters}; {@code /keep}: a 307 to {@code /search};</li>
 *   <li>anything else: 404 with a JSON error.</li>
 * </ul>
 * Every request is recorded: method, path, headers and body.
 *
 * <p>Threading: requests are served on pooled threads; {@link #requests} is safe from any thread.
 */
public final class ApiStub implements AutoCloseable {

    public static final String OTTERS = "{\"otters\":[{\"name\":\"Kelp\",\"age\":4,\"weight\":22.5,\"tags\":[]},"
            + "{\"name\":\"Pebble\",\"age\":2,\"weight\":1e-7,\"friends\":{}}],\"total\":2,\"next\":null,\"ok\":true,"
            + "\"note\":\"line\\none \\\"quoted\\\" é\"}";

    /** One request as the API received it. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst();
        }
    }

    private final StubServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ApiStub(StubServer server) {
        this.server = server;
    }

    public static ApiStub start() {
        ApiStub api = new ApiStub(StubServer.bind("API stub", 0, 64, n -> "api-stub-" + n));
        api.server.handle("/", api::serve).start();
        return api;
    }

    public String url(String path) {
        return server.origin() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        switch (exchange.getRequestMethod() + " " + path) {
            case "GET /otters" -> send(exchange, 200, "application/json", OTTERS);
            case "POST /search" -> send(exchange, 200, "application/json; charset=utf-8",
                    "{\"query\":" + StubJson.JSON.writeValueAsString(StubJson.JSON.readTree(body).get("query")) + ",\"hits\":1}");
            case "GET /notes" -> send(exchange, 200, "text/plain", "Otters hold hands.\nThey sleep.");
            default -> redirectOrMissing(exchange, path);
        }
    }

    private void redirectOrMissing(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/old") || path.equals("/keep")) {
            exchange.getResponseHeaders().set("Location", path.equals("/old") ? "/otters" : "/search");
            exchange.sendResponseHeaders(path.equals("/old") ? 301 : 307, -1);
            return;
        }
        send(exchange, 404, "application/json", "{\"error\":\"no such resource\"}");
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
