package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A rerank provider on loopback, speaking one of two documented APIs at {@code POST /v1/rerank}:
 * Cohere's v1 ({@code model}, {@code query}, {@code documents}, {@code top_n}; answers
 * {@code {id, results: [{index, relevance_score}], meta}}) or Voyage AI's ({@code model},
 * {@code query}, {@code documents}, {@code top_k}; answers {@code {object: "list", data: [{index,
 * relevance_score}], model, usage}}). A document's relevance is the cosine of
 * {@link EmbeddingStub#vector}s of it and the query, so shared words rank higher. A request without
 * the bearer key gets a 401, one without a query, documents or model a 400, as the providers do.
 *
 * <p>Threading: requests are served on pooled threads; the recorded requests are safe to read.
 */
public final class RerankStub implements AutoCloseable {

    private final StubServer server;
    private final String key;
    private final boolean voyage;

    private RerankStub(StubServer server, String key, boolean voyage) {
        this.server = server;
        this.key = key;
        this.voyage = voyage;
    }

    /** Cohere's v1 rerank API, accepting {@code key}. */
    public static RerankStub cohere(String key) {
        return start(key, false);
    }

    /** Voyage AI's rerank API, accepting {@code key}. */
    public static RerankStub voyage(String key) {
        return start(key, true);
    }

    private static RerankStub start(String key, boolean voyage) {
        RerankStub stub = new RerankStub(StubServer.bind("rerank stub", 0, 64, n -> "rerank-stub-" + n), key, voyage);
        stub.server.handle("/v1/rerank", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT}: a rerank node's {@code basepath}. */
    public String url() {
        return server.origin();
    }

    public int requests() {
        return server.requests();
    }

    /** The last request's body. */
    public JsonNode lastBody() throws IOException {
        return StubJson.JSON.readTree(server.lastBody().orElse("{}"));
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    private void serve(HttpExchange exchange) throws IOException {
        JsonNode request = StubJson.JSON.readTree(server.receive(exchange).body());
        if (!("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            StubJson.send(exchange, 401, voyage ? StubJson.object().put("detail", "Provided API key is invalid.")
                    : StubJson.object().put("message", "invalid api token"));
        } else if (!request.path("query").isTextual() || !request.path("documents").isArray() || !request.path("model").isTextual()) {
            StubJson.send(exchange, 400, StubJson.object().put(voyage ? "detail" : "message", "query, documents and model are required"));
        } else {
            StubJson.send(exchange, 200, answer(request));
        }
    }

    private ObjectNode answer(JsonNode request) {
        float[] query = EmbeddingStub.vector(request.path("query").asText());
        List<Double> scores = new ArrayList<>();
        request.path("documents").forEach(document -> scores.add(StubJson.cosine(query, EmbeddingStub.vector(document.asText()))));
        int limit = request.path(voyage ? "top_k" : "top_n").asInt(scores.size());
        ObjectNode answer = StubJson.object();
        ArrayNode ranked = voyage ? answer.put("object", "list").putArray("data") : answer.put("id", "rerank-stub").putArray("results");
        IntStream.range(0, scores.size()).boxed().sorted(Comparator.comparingDouble(i -> -scores.get(i))).limit(limit)
                .forEach(i -> ranked.addObject().put("index", i).put("relevance_score", scores.get(i)));
        if (voyage) answer.put("model", request.path("model").asText()).putObject("usage").put("total_tokens", 10);
        else answer.putObject("meta").putObject("billed_units").put("search_units", 1);
        return answer;
    }

    @Override
    public void close() {
        server.close();
    }
}
