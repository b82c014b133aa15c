package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local Ollama server for tests: {@code POST /api/chat} answers as Ollama does, streamed as
 * newline-delimited JSON ({@code {"message":{"content":...},"done":false}} per token, then
 * {@code "done":true} with {@code done_reason}) or as one JSON object when {@code stream} is false.
 * The last user message decides the reply, with {@link OpenAiStub}'s markers ({@link StubReply});
 * {@code [[fail]]} answers HTTP 500 with Ollama's {@code {"error": ...}}, and {@code [[stall]]}
 * goes silent after one token (NDJSON has no keep-alive comment).
 * Run {@link #main} to use it from a script: it prints {@code OLLAMA_STUB_URL=<baseUrl>}.
 *
 * <p>Threading: each request is served on its own pooled thread; the accessors are safe from any
 * thread; {@link #close} stops every thread and is idempotent.
 */
public final class OllamaStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private volatile boolean closed;

    private OllamaStub(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static OllamaStub start() {
        return start(0);
    }

    public static OllamaStub start(int port) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ollama-stub-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            OllamaStub stub = new OllamaStub(server, pool);
            server.createContext("/api/chat", stub::serve);
            server.setExecutor(pool);
            server.start();
            return stub;
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot start the Ollama stub on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: what a chatOllama node's {@code baseUrl} takes. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Chat requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** The JSON body of the last chat request. */
    public Optional<String> lastRequestBody() {
        return Optional.ofNullable(lastBody.get());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        OllamaStub stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        System.out.println("OLLAMA_STUB_URL=" + stub.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendJson(exchange, 405, error("method not allowed"));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            lastBody.set(body);
            answer(exchange, body);
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing more to say
        }
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            sendJson(exchange, 400, error("invalid JSON"));
            return;
        }
        StubReply reply = StubReply.to(lastUserText(request));
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
        if (reply.mode() == StubReply.Mode.STALL) StubReply.stall(() -> closed);
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
