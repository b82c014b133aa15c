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
 * A local Anthropic Messages API for tests: {@code POST /v1/messages} streams as Anthropic does
 * ({@code message_start}, {@code content_block_start}, one {@code content_block_delta} per token,
 * {@code content_block_stop}, {@code message_delta} with {@code stop_reason}, {@code message_stop}).
 * The last user message decides the reply, with {@link OpenAiStub}'s markers ({@link StubReply});
 * {@code [[stall]]} sends {@code ping} events after one token until the client leaves.
 * Run {@link #main} to use it from a script: it prints {@code ANTHROPIC_STUB_URL=<baseUrl>}.
 *
 * <p>Threading: each request is served on its own pooled thread; the accessors are safe from any
 * thread; {@link #close} stops every thread and is idempotent.
 */
public final class AnthropicStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastApiKey = new AtomicReference<>();
    private volatile boolean closed;

    private AnthropicStub(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static AnthropicStub start() {
        return start(0);
    }

    public static AnthropicStub start(int port) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "anthropic-stub-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            AnthropicStub stub = new AnthropicStub(server, pool);
            server.createContext("/v1/messages", stub::serve);
            server.setExecutor(pool);
            server.start();
            return stub;
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot start the Anthropic stub on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1/}: the base URL of the Messages API. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    public int requests() {
        return requests.get();
    }

    /** The JSON body of the last request. */
    public Optional<String> lastRequestBody() {
        return Optional.ofNullable(lastBody.get());
    }

    /** The {@code x-api-key} header of the last request, if it had one. */
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
        AnthropicStub stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        System.out.println("ANTHROPIC_STUB_URL=" + stub.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            lastBody.set(body);
            lastApiKey.set(exchange.getRequestHeaders().getFirst("x-api-key"));
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
            sendError(exchange, 400, "invalid_request_error");
            return;
        }
        StubReply reply = StubReply.to(lastUserText(request));
        if (reply.mode() == StubReply.Mode.FAIL) {
            sendError(exchange, 500, "api_error");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        // a declared length that is never reached makes the server drop the connection mid-body
        exchange.sendResponseHeaders(200, reply.mode() == StubReply.Mode.CUT ? 1_000_000 : 0);
        stream(exchange.getResponseBody(), request.path("model").asText("stub-model"), reply);
    }

    private void stream(OutputStream out, String model, StubReply reply) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("id", "msg_stub_" + requests.get()).put("type", "message")
                .put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
        send(out, "message_start", event("message_start").set("message", message));
        send(out, "content_block_start", event("content_block_start").put("index", 0)
                .set("content_block", JSON.createObjectNode().put("type", "text").put("text", "")));
        for (int i = 0; i < reply.streamed(); i++) {
            if (i > 0 && !StubReply.pause(reply.delayMillis())) return;
            send(out, "content_block_delta", event("content_block_delta").put("index", 0).set("delta",
                    JSON.createObjectNode().put("type", "text_delta").put("text", reply.tokens().get(i))));
        }
        if (reply.mode() == StubReply.Mode.STALL) ping(out);
        if (reply.mode() != StubReply.Mode.NORMAL) return;
        send(out, "content_block_stop", event("content_block_stop").put("index", 0));
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", reply.tokens().size());
        send(out, "message_delta", delta);
        send(out, "message_stop", event("message_stop"));
    }

    /** Pings as Anthropic does while a model thinks, until the client leaves (at most 60 s). */
    private void ping(OutputStream out) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!closed && System.nanoTime() < deadline) {
            if (!StubReply.pause(200)) return;
            send(out, "ping", event("ping"));
        }
    }

    private static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"user".equals(message.path("role").asText())) continue;
            JsonNode content = message.path("content");
            if (content.isTextual()) return content.asText();
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) text.append(part.path("text").asText(""));
            return text.toString();
        }
        return "";
    }

    private static ObjectNode event(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static void send(OutputStream out, String name, ObjectNode data) throws IOException {
        out.write(("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendError(HttpExchange exchange, int status, String type) throws IOException {
        ObjectNode body = event("error");
        body.putObject("error").put("type", type).put("message", "the stub was asked to fail");
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
