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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local Gemini API for tests: {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}
 * streams as Gemini does (one {@code data: {"candidates": [...]}} per token, the last with
 * {@code finishReason: "STOP"} and {@code usageMetadata}, then the body ends). The last user
 * content decides the reply, with {@link OpenAiStub}'s markers ({@link StubReply}).
 * Run {@link #main} to use it from a script: it prints {@code GEMINI_STUB_URL=<baseUrl>}.
 *
 * <p>Threading: each request is served on its own pooled thread; the accessors are safe from any
 * thread; {@link #close} stops every thread and is idempotent.
 */
public final class GeminiStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastPath = new AtomicReference<>();
    private final AtomicReference<String> lastApiKey = new AtomicReference<>();
    private volatile boolean closed;

    private GeminiStub(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static GeminiStub start() {
        return start(0);
    }

    public static GeminiStub start(int port) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gemini-stub-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            GeminiStub stub = new GeminiStub(server, pool);
            server.createContext("/v1beta/models/", stub::serve);
            server.setExecutor(pool);
            server.start();
            return stub;
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot start the Gemini stub on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1beta}: what a chatGoogleGenerativeAI node's {@code baseUrl} takes. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1beta";
    }

    public int requests() {
        return requests.get();
    }

    public Optional<String> lastRequestBody() {
        return Optional.ofNullable(lastBody.get());
    }

    /** Path and query of the last request, e.g. {@code /v1beta/models/m:streamGenerateContent?alt=sse}. */
    public Optional<String> lastPathAndQuery() {
        return Optional.ofNullable(lastPath.get());
    }

    /** The {@code x-goog-api-key} header of the last request, if it had one. */
    public Optional<String> lastApiKey() {
        return Optional.ofNullable(lastApiKey.get());
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
        GeminiStub stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        System.out.println("GEMINI_STUB_URL=" + stub.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            lastBody.set(body);
            lastPath.set(exchange.getRequestURI().toString());
            lastApiKey.set(exchange.getRequestHeaders().getFirst("x-goog-api-key"));
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
            sendError(exchange, 400, "INVALID_ARGUMENT");
            return;
        }
        StubReply reply = StubReply.to(lastUserText(request));
        if (reply.mode() == StubReply.Mode.FAIL) {
            sendError(exchange, 500, "INTERNAL");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        // a declared length that is never reached makes the server drop the connection mid-body
        exchange.sendResponseHeaders(200, reply.mode() == StubReply.Mode.CUT ? 1_000_000 : 0);
        stream(exchange.getResponseBody(), reply);
    }

    private void stream(OutputStream out, StubReply reply) throws IOException {
        int streamed = reply.streamed();
        for (int i = 0; i < streamed; i++) {
            if (i > 0 && !StubReply.pause(reply.delayMillis())) return;
            boolean last = i == streamed - 1 && reply.mode() == StubReply.Mode.NORMAL;
            send(out, chunk(reply.tokens().get(i), last ? reply.tokens().size() : -1));
        }
        if (reply.mode() == StubReply.Mode.STALL) keepAlive(out);
    }

    private void keepAlive(OutputStream out) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!closed && System.nanoTime() < deadline) {
            if (!StubReply.pause(200)) return;
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** One streamed candidate; {@code finalTokens >= 0} marks the last one (finish reason and usage). */
    private static ObjectNode chunk(String text, int finalTokens) {
        ObjectNode chunk = JSON.createObjectNode();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        content.putArray("parts").addObject().put("text", text);
        candidate.put("index", 0);
        if (finalTokens >= 0) {
            candidate.put("finishReason", "STOP");
            chunk.putObject("usageMetadata").put("promptTokenCount", 10).put("candidatesTokenCount", finalTokens)
                    .put("totalTokenCount", 10 + finalTokens);
        }
        return chunk.put("modelVersion", "stub");
    }

    private static String lastUserText(JsonNode request) {
        JsonNode contents = request.path("contents");
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode content = contents.get(i);
            if (!"user".equals(content.path("role").asText("user"))) continue;
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content.path("parts")) text.append(part.path("text").asText(""));
            return text.toString();
        }
        return "";
    }

    private static void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendError(HttpExchange exchange, int status, String code) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", status).put("message", "the stub was asked to fail").put("status", code);
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
