package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Three web search APIs on loopback, over one index of pages a test adds ({@link #page}) and of
 * direct answers ({@link #answer}): SerpApi's {@code GET /search.json?q=&api_key=} (answers
 * {@code answer_box} and {@code organic_results} of {title, link, snippet}; a wrong key gets 401 with
 * {@code {"error": ...}}), Serper's {@code POST /search} with {@code {"q"}} and {@code X-API-KEY}
 * (answers {@code answerBox} and {@code organic}; a wrong key gets 403) and Google's Custom Search
 * JSON API {@code GET /customsearch/v1?key=&cx=&q=} (answers {@code items}; a wrong key gets 400, an
 * unknown engine 404, with Google's error object). A page matches a query sharing a word of four or
 * more letters with its title or snippet; an answer, a query containing its trigger.
 *
 * <p>Threading: requests are served on pooled threads; the index and the recordings are thread-safe.
 */
public final class WebSearchStub implements AutoCloseable {

    /** One indexed page. */
    public record Page(String title, String link, String snippet) {
    }

    private record Answer(String trigger, String text) {
    }

    private final StubServer server;
    private final String key;
    private final String engine;
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    private WebSearchStub(StubServer server, String key, String engine) {
        this.server = server;
        this.key = key;
        this.engine = engine;
    }

    /** Accepts {@code key} on every API, and {@code engine} as Google's {@code cx}. */
    public static WebSearchStub start(String key, String engine) {
        WebSearchStub stub = new WebSearchStub(StubServer.bind("web search stub", 0, 64, n -> "web-search-stub-" + n), key, engine);
        stub.server.handle("/search.json", stub::serpApi).handle("/search", stub::serper)
                .handle("/customsearch/v1", stub::google).start();
        return stub;
    }

    public WebSearchStub page(String title, String link, String snippet) {
        pages.add(new Page(title, link, snippet));
        return this;
    }

    /** A direct answer (an answer box) for queries containing {@code trigger}. */
    public WebSearchStub answer(String trigger, String text) {
        answers.add(new Answer(trigger.toLowerCase(Locale.ROOT), text));
        return this;
    }

    /** {@code http://127.0.0.1:PORT}: the base URL the tools' environment variables take. */
    public String url() {
        return server.origin();
    }

    public int requests() {
        return server.requests();
    }

    public Optional<URI> lastUri() {
        return server.lastUri();
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    public Optional<String> lastBody() {
        return server.lastBody();
    }

    private void serpApi(HttpExchange exchange) throws IOException {
        server.receive(exchange);
        Map<String, String> query = query(exchange.getRequestURI());
        if (!key.equals(query.get("api_key"))) {
            StubJson.send(exchange, 401, StubJson.object().put("error", "Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key"));
            return;
        }
        ObjectNode answer = StubJson.object();
        answer.putObject("search_metadata").put("status", "Success");
        String q = query.getOrDefault("q", "");
        direct(q).ifPresent(text -> answer.putObject("answer_box").put("type", "organic_result").put("answer", text));
        ArrayNode organic = answer.putArray("organic_results");
        matches(q).forEach(page -> organic.addObject().put("position", organic.size() + 1).put("title", page.title())
                .put("link", page.link()).put("snippet", page.snippet()));
        if (organic.isEmpty()) answer.remove("organic_results");
        StubJson.send(exchange, 200, answer);
    }

    private void serper(HttpExchange exchange) throws IOException {
        JsonNode body = StubJson.JSON.readTree(server.receive(exchange).body());
        if (!"POST".equals(exchange.getRequestMethod()) || !key.equals(exchange.getRequestHeaders().getFirst("X-API-KEY"))) {
            StubJson.send(exchange, 403, StubJson.object().put("message", "Unauthorized.").put("statusCode", 403));
            return;
        }
        String q = body.path("q").asText();
        ObjectNode answer = StubJson.object();
        answer.putObject("searchParameters").put("q", q).put("type", "search");
        direct(q).ifPresent(text -> answer.putObject("answerBox").put("answer", text));
        ArrayNode organic = answer.putArray("organic");
        matches(q).forEach(page -> organic.addObject().put("title", page.title()).put("link", page.link())
                .put("snippet", page.snippet()).put("position", organic.size() + 1));
        StubJson.send(exchange, 200, answer);
    }

    private void google(HttpExchange exchange) throws IOException {
        server.receive(exchange);
        Map<String, String> query = query(exchange.getRequestURI());
        if (!key.equals(query.get("key"))) {
            StubJson.send(exchange, 400, googleError(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT"));
        } else if (!engine.equals(query.get("cx"))) {
            StubJson.send(exchange, 404, googleError(404, "Requested entity was not found.", "NOT_FOUND"));
        } else {
            ObjectNode answer = StubJson.object().put("kind", "customsearch#search");
            List<Page> found = matches(query.getOrDefault("q", ""));
            if (!found.isEmpty()) {
                ArrayNode items = answer.putArray("items");
                found.forEach(page -> items.addObject().put("kind", "customsearch#result").put("title", page.title())
                        .put("link", page.link()).put("snippet", page.snippet()));
            }
            StubJson.send(exchange, 200, answer);
        }
    }

    private static ObjectNode googleError(int code, String message, String status) {
        ObjectNode answer = StubJson.object();
        answer.putObject("error").put("code", code).put("message", message).put("status", status);
        return answer;
    }

    private Optional<String> direct(String query) {
        String lower = query.toLowerCase(Locale.ROOT);
        return answers.stream().filter(answer -> lower.contains(answer.trigger())).map(Answer::text).findFirst();
    }

    private List<Page> matches(String query) {
        List<String> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\W+")).filter(word -> word.length() >= 4).toList();
        return pages.stream().filter(page -> {
            String text = (page.title() + " " + page.snippet()).toLowerCase(Locale.ROOT);
            return words.stream().anyMatch(text::contains);
        }).toList();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getRawQuery() == null) return values;
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            if (equals < 0) continue;
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Override
    public void close() {
        server.close();
    }
}
