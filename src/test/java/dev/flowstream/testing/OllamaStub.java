package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Ollama server for tests: {@code POST /api/chat} answers as Ollama does, streamed as
 * newline-delimited JSON ({@code {"message":{"content":...},"done":false}} per token, then
 * {@code "done":true} with {@code done_reason}) or as one JSON object when {@code stream} is false.
 * The last user message decides the reply, with {@link OpenAiStub}'s markers ({@link StubReply});
 * {@code [[fail]]} answers HTTP 500 with Ollama's {@code {"error": ...}}, and {@code [[stall]]}
 * goes silent after one token (NDJSON has no keep-alive comment). A test may script replies
 * ({@link #replyWhen}): the first rule whose trigger the last user message contains answers it.
 * Run {@link #main} to use it from a script: it prints {@code OLLAMA_STUB_URL=<baseUrl>}.
 *
 * <p>Threading: each request is served on its own pooled thread; the accessors are safe from any
 * thread; {@link #close} stops every thread and is idempotent.
 */
public final class OllamaStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Scripted(String trigger, String reply) {
    }

    private final StubServer server;
    private final List<Scripted> scripted = new CopyOnWriteArrayList<>();

    private OllamaStub(StubServer server) {
        this.server = server;
    }

    public static OllamaStub start() {
        return start(0);
    }

    public static OllamaStub start(int port) {
        OllamaStub stub = new OllamaStub(StubServer.bind("Ollama stub", port, 1024, n -> "ollama-stub-" + n));
        stub.server.handle("/api/chat", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT}: what a chatOllama node's {@code baseUrl} takes. */
    public String baseUrl() {
        return server.origin();
    }

    /** Answers {@code reply}, word by word, when the last user message contains {@code trigger}. */
    public OllamaStub replyWhen(String trigger, String reply) {
        scripted.add(new Scripted(trigger, reply));
        return this;
    }

    /** The JSON bodies of every chat request, in order. */
    public List<String> requestBodies() {
        return server.bodies();
    }

    /** Chat requests received so far. */
    public int requests() {
        return server.requests();
    }

    /** The JSON body of the last chat request. */
    public Optional<String> lastRequestBody() {
        return server.lastBody();
    }

    @Override
    public void close() {
        server.close();
    }

    public static void main(String[] args) throws InterruptedException {
        OllamaStub stub = start(StubServer.port(args));
        StubServer.serveForever("OLLAMA_STUB_URL", stub.baseUrl(), stub::close);
    }

    private void serve(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendJson(exchange, 405, error("method not allowed"));
            return;
        }
        answer(exchange, server.receive(exchange).body());
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            sendJson(exchange, 400, error("invalid JSON"));
            return;
        }
        String text = lastUserText(request);
        StubReply reply = scripted.stream().filter(rule -> text.contains(rule.trigger())).findFirst()
                .map(rule -> StubReply.words(rule.reply())).orElseGet(() -> StubReply.to(text));
        String model = request.path("model").asText("stub-model");
        if (reply.mode() == StubReply.Mode.FAIL) {
            sendJson(exchange, 500, error("the stub was asked to fail"));
        } else if (request.path("stream").asBoolean(true)) {
            stream(exchange, model, reply);
        } else {
            ObjectNode done = line(model, String.join("", reply.tokens()), true).put("done_reason", "stop");
            sendJson(exchange, 200, done);
        }
    }

    private void stream(HttpExchange exchange, String model, StubReply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        // a declared length that is never reached makes the server drop the connection mid-body
        exchange.sendResponseHeaders(200, reply.mode() == StubReply.Mode.CUT ? 1_000_000 : 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < reply.streamed(); i++) {
            if (i > 0 && !StubReply.pause(reply.delayMillis())) return;
            send(out, line(model, reply.tokens().get(i), false));
        }
        if (reply.mode() == StubReply.Mode.STALL) StubReply.stall(server::isClosed, () -> { });
        if (reply.mode() != StubReply.Mode.NORMAL) return;
        ObjectNode done = line(model, "", true).put("done_reason", "stop")
                .put("prompt_eval_count", 10).put("eval_count", reply.tokens().size());
        send(out, done);
    }

    private static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) return message.path("content").asText("");
        }
        return "";
    }

    private static ObjectNode line(String model, String content, boolean done) {
        ObjectNode line = JSON.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
        line.putObject("message").put("role", "assistant").put("content", content);
        return line.put("done", done);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(OutputStream out, ObjectNode line) throws IOException {
        out.write((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
