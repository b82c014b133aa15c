package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI's moderation endpoint on loopback: {@code POST /v1/moderations} with {@code {"input": text}}
 * answers {@code {"id", "model", "results": [{"flagged", "categories", "category_scores"}]}} as
 * OpenAI documents it; the input is flagged (as violence) when it holds one of the stub's words.
 * {@link #refusing} makes it answer HTTP 500 with OpenAI's error shape. Every request is recorded.
 *
 * <p>Threading: requests are served on pooled threads; the accessors are safe from any thread.
 */
public final class ModerationStub implements AutoCloseable {

    private final StubServer server;
    private final Set<String> flaggedWords;
    private volatile boolean refusing;

    private ModerationStub(StubServer server, Set<String> flaggedWords) {
        this.server = server;
        this.flaggedWords = Set.copyOf(flaggedWords);
    }

    /** A stub that flags any input holding one of {@code flaggedWords} (ignoring case). */
    public static ModerationStub flagging(String... flaggedWords) {
        ModerationStub stub = new ModerationStub(StubServer.bind("moderation stub", 0, 64, n -> "moderation-stub-" + n),
                Set.of(flaggedWords));
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** What a node's {@code basepath} is set to: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return server.origin() + "/v1";
    }

    /** From now on every request is answered HTTP 500. */
    public void refusing() {
        refusing = true;
    }

    public List<String> bodies() {
        return server.bodies();
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    public Optional<String> lastPath() {
        return server.lastUri().map(uri -> uri.getPath());
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        if (refusing) {
            ObjectNode error = StubJson.object();
            error.putObject("error").put("message", "The server had an error").put("type", "server_error");
            StubJson.send(exchange, 500, error);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/moderations")) {
            StubJson.send(exchange, 404, StubJson.object().put("error", "no such route"));
            return;
        }
        JsonNode input = StubJson.JSON.readTree(body).path("input");
        String text = input.asText().toLowerCase(Locale.ROOT);
        boolean flagged = flaggedWords.stream().anyMatch(word -> text.contains(word.toLowerCase(Locale.ROOT)));
        ObjectNode answer = StubJson.object().put("id", "modr-stub").put("model", "omni-moderation-latest");
        ObjectNode result = answer.putArray("results").addObject().put("flagged", flagged);
        result.putObject("categories").put("violence", flagged).put("harassment", false);
        result.putObject("category_scores").put("violence", flagged ? 0.97 : 0.01).put("harassment", 0.0);
        StubJson.send(exchange, 200, answer);
    }

    @Override
    public void close() {
        server.close();
    }
}
