package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Vectara's REST API v2 as its reference describes it, on loopback: {@code POST
 * /v2/corpora/{key}/documents} (a core document: {@code id}, {@code metadata},
 * {@code document_parts: [{text}]}; 201, 404 for an unknown corpus) and {@code POST /v2/query}
 * ({@code search.corpora[]} with {@code corpus_key} and {@code metadata_filter}, {@code limit},
 * {@code reranker}; results as {@code search_results: [{text, score, part_metadata,
 * document_metadata, document_id}]}). Its retrieval is Vectara's own: here, passages ranked by
 * the words they share with the query. With {@code generation} and {@code stream_response} it
 * answers server-sent events: {@code search_results}, the summary in {@code generation_chunk}s of
 * five characters (so citations are cut), {@code generation_end}, {@code end}. The summary quotes
 * the used results last first, each followed by its citation {@code [n]}. It can be told to
 * fail the generation with Vectara's {@code error} event, or to fall silent after the search
 * results. Filters understood:
 * {@code doc.<field> = '<value>'}. A request without the key ({@code x-api-key}) gets a 401.
 *
 * <p>Threading: requests are served on pooled threads; the corpora are concurrent.
 */
public final class VectaraStub implements AutoCloseable {

    private static final Pattern FILTER = Pattern.compile("doc\\.(\\w+)\\s*=\\s*'([^']*)'");

    private final StubServer server;
    private final String key;
    private final Map<String, List<JsonNode>> corpora = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile boolean failGeneration;
    private volatile boolean stallGeneration;

    private VectaraStub(StubServer server, String key) {
        this.server = server;
        this.key = key;
    }

    /** A Vectara with the corpora named, empty. */
    public static VectaraStub start(String key, String... corpora) {
        VectaraStub stub = new VectaraStub(StubServer.bind("Vectara stub", 0, 64, n -> "vectara-stub-" + n), key);
        Arrays.stream(corpora).forEach(name -> stub.corpora.put(name, new CopyOnWriteArrayList<>()));
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT}: {@code VECTARA_BASE_URL}. */
    public String url() {
        return server.origin();
    }

    /** The documents indexed into a corpus, as sent. */
    public List<JsonNode> documents(String corpus) {
        return List.copyOf(corpora.getOrDefault(corpus, List.of()));
    }

    /** From now on, a streamed generation sends Vectara's {@code error} event after the search results. */
    public void failGeneration() {
        failGeneration = true;
    }

    /** From now on, a streamed generation sends the search results, then nothing until the client goes away. */
    public void stallGeneration() {
        stallGeneration = true;
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
        String path = exchange.getRequestURI().getPath();
        paths.add(exchange.getRequestMethod() + " " + path);
        if (!key.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            StubJson.send(exchange, 401, error("Unauthorized"));
            return;
        }
        Matcher documents = Pattern.compile("/v2/corpora/([^/]+)/documents").matcher(path);
        if (exchange.getRequestMethod().equals("POST") && documents.matches()) {
            index(exchange, documents.group(1), JSON.readTree(body));
        } else if (exchange.getRequestMethod().equals("POST") && path.equals("/v2/query")) {
            query(exchange, JSON.readTree(body));
        } else {
            StubJson.send(exchange, 404, error("Not found"));
        }
    }

    private void index(HttpExchange exchange, String corpus, JsonNode document) throws IOException {
        List<JsonNode> documents = corpora.get(corpus);
        if (documents == null) {
            StubJson.send(exchange, 404, error("Corpus " + corpus + " does not exist"));
        } else if (!document.path("type").asText().equals("core") || !document.path("document_parts").isArray()) {
            StubJson.send(exchange, 400, error("document must be a core document with document_parts"));
        } else {
            documents.add(document);
            StubJson.send(exchange, 201, document);
        }
    }

    private void query(HttpExchange exchange, JsonNode request) throws IOException {
        List<ObjectNode> found = new ArrayList<>();
        for (JsonNode corpus : request.path("search").path("corpora")) {
            List<JsonNode> documents = corpora.get(corpus.path("corpus_key").asText());
            if (documents == null) {
                StubJson.send(exchange, 404, error("Corpus " + corpus.path("corpus_key").asText() + " does not exist"));
                return;
            }
            Optional<Matcher> filter = Optional.ofNullable(corpus.get("metadata_filter")).map(f -> FILTER.matcher(f.asText()));
            if (filter.isPresent() && !filter.get().matches()) {
                StubJson.send(exchange, 400, error("Invalid metadata filter"));
                return;
            }
            for (JsonNode document : documents) {
                boolean kept = filter.map(f -> document.path("metadata").path(f.group(1)).asText().equals(f.group(2))).orElse(true);
                if (kept) found.add(result(document, request.path("query").asText()));
            }
        }
        found.sort(Comparator.comparingDouble(result -> -result.path("score").asDouble()));
        ArrayNode results = JSON.createArrayNode();
        found.stream().limit(request.path("search").path("limit").asInt(10)).forEach(results::add);
        if (request.path("stream_response").asBoolean(false)) {
            stream(exchange, results, request.path("generation"));
        } else {
            ObjectNode answer = StubJson.object();
            answer.set("search_results", results);
            StubJson.send(exchange, 200, answer);
        }
    }

    private void stream(HttpExchange exchange, ArrayNode results, JsonNode generation) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        ObjectNode searched = StubJson.object().put("type", "search_results");
        searched.set("search_results", results);
        event(out, searched);
        if (stallGeneration) {
            StubReply.pause(60_000); // silent, as a stalled generation; the client's close ends it
            return;
        }
        if (failGeneration) {
            ObjectNode failed = StubJson.object().put("type", "error");
            failed.putArray("messages").add("Failed to retrieve summarizer.");
            event(out, failed);
            return;
        }
        int used = Math.min(results.size(), generation.path("max_used_search_results").asInt(5));
        StringBuilder summary = new StringBuilder();
        for (int i = used; i >= 1; i--) summary.append(i < used ? " " : "").append(results.get(i - 1).path("text").asText()).append(" [").append(i).append("]");
        for (int from = 0; from < summary.length(); from += 5) {
            event(out, StubJson.object().put("type", "generation_chunk")
                    .put("generation_chunk", summary.substring(from, Math.min(summary.length(), from + 5))));
        }
        event(out, StubJson.object().put("type", "generation_end"));
        event(out, StubJson.object().put("type", "end"));
    }

    private static void event(OutputStream out, ObjectNode data) throws IOException {
        out.write(("event: " + data.path("type").asText() + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode result(JsonNode document, String query) {
        String text = document.path("document_parts").path(0).path("text").asText();
        Set<String> words = words(query);
        long shared = words(text).stream().filter(words::contains).count();
        ObjectNode result = StubJson.object().put("text", text).put("score", shared).put("document_id", document.path("id").asText());
        result.set("part_metadata", document.path("document_parts").path(0).path("metadata").isObject()
                ? document.path("document_parts").path(0).path("metadata") : StubJson.object());
        result.set("document_metadata", document.path("metadata"));
        return result;
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase().split("[^a-z0-9]+")).filter(word -> word.length() > 2).collect(Collectors.toSet());
    }

    private static ObjectNode error(String message) {
        ObjectNode error = StubJson.object();
        error.putArray("messages").add(message);
        return error;
    }

    @Override
    public void close() {
        server.close();
    }
}
