package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenAI-compatible chat server for tests and benchmarks: {@code POST /v1/chat/completions}
 * answers as OpenAI does, streamed (SSE {@code data:} chunks, then {@code data: [DONE]}) or not.
 * The reply is decided by the last user message:
 * <ul>
 *   <li>by default {@code "Echo: " + message}, one token per word (spaces kept);</li>
 *   <li>{@code [[tokens=N]]}: N tokens {@code "t0 "}, {@code "t1 "}, ...;</li>
 *   <li>{@code [[delay=MS]]}: MS milliseconds between tokens;</li>
 *   <li>{@code [[fail]]}: HTTP 500 with an OpenAI-style error body;</li>
 *   <li>{@code [[cut]]}: 3 tokens, then the connection is dropped mid-body;</li>
 *   <li>{@code [[truncate]]}: 3 tokens, then a clean end without finish_reason or [DONE];</li>
 *   <li>{@code [[stall]]}: 1 token, then only SSE comments until the client leaves (at most 60 s).</li>
 * </ul>
 * Tool calling: when the request offers {@code tools}, the conversation has no {@code tool} message
 * yet and the last user message holds {@code [[call=NAME:{json arguments}]]} (one or more), the reply
 * is those tool calls (streamed as {@code delta.tool_calls} chunks, arguments split over chunks,
 * finish reason {@code tool_calls}); {@code [[repeat]]} makes it call them in every round. When the
 * last message is a {@code tool} result, the reply is {@code "Tool said: " + result}, one token per word.
 * Every request body is kept ({@link #requestBodies()}).
 * Run {@link #main} to use it from a script: it prints {@code OPENAI_STUB_URL=<baseUrl>}.
 *
 * <p>Threading: each request is served on its own pooled thread (100+ concurrent streams); the
 * accessors are safe from any thread; {@link #close} stops every thread and is idempotent.
 */
public final class OpenAiStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKENS = Pattern.compile("\\[\\[tokens=(\\d+)]]");
    private static final Pattern DELAY = Pattern.compile("\\[\\[delay=(\\d+)]]");
    private static final Pattern WORD_START = Pattern.compile("(?<=\\s)(?=\\S)");
    private static final Pattern CALL = Pattern.compile("\\[\\[call=([\\w-]+):(\\{.*?})]]");

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastQuery = new AtomicReference<>();
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>(new Headers());
    private volatile boolean closed;

    private enum Mode { NORMAL, FAIL, CUT, TRUNCATE, STALL }

    private record Reply(List<String> tokens, long delayMillis, Mode mode, List<ToolCall> calls) {
        Reply(List<String> tokens, long delayMillis, Mode mode) {
            this(tokens, delayMillis, mode, List.of());
        }

        String text() {
            return String.join("", tokens);
        }
    }

    /** One tool call the stub makes: OpenAI's {@code {id, type: function, function: {name, arguments}}}. */
    private record ToolCall(String id, String name, String arguments) {
    }

    private OpenAiStub(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static OpenAiStub start() {
        return start(0);
    }

    public static OpenAiStub start(int port) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "openai-stub-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            OpenAiStub stub = new OpenAiStub(server, pool);
            server.createContext("/v1/chat/completions", stub::serve);
            server.setExecutor(pool);
            server.start();
            return stub;
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot start the OpenAI stub on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}: what a chatOpenAI node's {@code basepath} takes. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Chat completion requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** The JSON body of the last chat completion request. */
    public Optional<String> lastRequestBody() {
        return Optional.ofNullable(lastBody.get());
    }

    /** The JSON bodies of every chat completion request so far, oldest first. */
    public List<String> requestBodies() {
        return List.copyOf(bodies);
    }

    /** The {@code Authorization} header of the last chat completion request, if it had one. */
    public Optional<String> lastAuthorization() {
        return Optional.ofNullable(lastAuthorization.get());
    }

    /** The raw query string of the last chat completion request (e.g. {@code api-version=...}), if it had one. */
    public Optional<String> lastQuery() {
        return Optional.ofNullable(lastQuery.get());
    }

    /** A header of the last chat completion request, by case-insensitive name, if it had one. */
    public Optional<String> lastHeader(String name) {
        return Optional.ofNullable(lastHeaders.get().getFirst(name));
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
        OpenAiStub stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        System.out.println("OPENAI_STUB_URL=" + stub.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendJson(exchange, 405, error("only POST is supported", "invalid_request_error"));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = "chatcmpl-stub-" + requests.incrementAndGet();
            lastBody.set(body);
            bodies.add(body);
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastQuery.set(exchange.getRequestURI().getRawQuery());
            Headers headers = new Headers();
            headers.putAll(exchange.getRequestHeaders());
            lastHeaders.set(headers);
            answer(exchange, id, body);
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing more to say
        }
    }

    private void answer(HttpExchange exchange, String id, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            sendJson(exchange, 400, error("The body is not JSON.", "invalid_request_error"));
            return;
        }
        Reply reply = toolReply(request).orElseGet(() -> replyTo(lastUserText(request)));
        String model = request.path("model").asText("stub-model");
        if (reply.mode() == Mode.FAIL) {
            sendJson(exchange, 500, error("The stub was asked to fail.", "server_error"));
        } else if (request.path("stream").asBoolean(false)) {
            stream(exchange, id, model, reply, request.path("stream_options").path("include_usage").asBoolean(false));
        } else {
            sendJson(exchange, 200, completion(id, model, reply));
        }
    }

    private void stream(HttpExchange exchange, String id, String model, Reply reply, boolean usage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        // a declared length that is never reached makes the server drop the connection mid-body
        exchange.sendResponseHeaders(200, reply.mode() == Mode.CUT ? 1_000_000 : 0);
        OutputStream out = exchange.getResponseBody();
        if (!reply.calls().isEmpty()) {
            streamCalls(out, id, model, reply.calls());
            return;
        }
        send(out, chunk(id, model, delta("role", "assistant").put("content", ""), null));
        int limit = switch (reply.mode()) {
            case CUT, TRUNCATE -> 3;
            case STALL -> 1;
            default -> reply.tokens().size();
        };
        for (int i = 0; i < Math.min(limit, reply.tokens().size()); i++) {
            if (i > 0 && !pause(reply.delayMillis())) return;
            send(out, chunk(id, model, delta("content", reply.tokens().get(i)), null));
        }
        if (reply.mode() == Mode.STALL) stayAlive(out);
        if (reply.mode() != Mode.NORMAL) return;
        send(out, chunk(id, model, JSON.createObjectNode(), "stop"));
        if (usage) send(out, usageChunk(id, model, reply.tokens().size()));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void streamCalls(OutputStream out, String id, String model, List<ToolCall> calls) throws IOException {
        for (int index = 0; index < calls.size(); index++) {
            ToolCall call = calls.get(index);
            ObjectNode first = JSON.createObjectNode().put("role", "assistant").putNull("content");
            ObjectNode opening = first.putArray("tool_calls").addObject().put("index", index)
                    .put("id", call.id()).put("type", "function");
            opening.putObject("function").put("name", call.name()).put("arguments", "");
            send(out, chunk(id, model, first, null));
            int step = Math.max(1, (call.arguments().length() + 2) / 3);
            for (int from = 0; from < call.arguments().length(); from += step) {
                ObjectNode piece = JSON.createObjectNode();
                piece.putArray("tool_calls").addObject().put("index", index).putObject("function")
                        .put("arguments", call.arguments().substring(from, Math.min(call.arguments().length(), from + step)));
                send(out, chunk(id, model, piece, null));
            }
        }
        send(out, chunk(id, model, JSON.createObjectNode(), "tool_calls"));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The tool-calling rounds: tool calls asked for by a marker, or the answer to a tool's result. */
    private static Optional<Reply> toolReply(JsonNode request) {
        JsonNode messages = request.path("messages");
        if (messages.isEmpty() || !request.path("tools").isArray()) return Optional.empty();
        String text = lastUserText(request);
        boolean toolSeen = false;
        for (JsonNode message : messages) toolSeen |= "tool".equals(message.path("role").asText());
        if (!toolSeen || text.contains("[[repeat]]")) {
            List<ToolCall> calls = new ArrayList<>();
            Matcher call = CALL.matcher(text);
            while (call.find()) calls.add(new ToolCall("call_stub_" + calls.size(), call.group(1), call.group(2)));
            if (!calls.isEmpty()) return Optional.of(new Reply(List.of(), 0, Mode.NORMAL, calls));
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"tool".equals(last.path("role").asText())) return Optional.empty();
        List<String> tokens = new ArrayList<>();
        for (String word : WORD_START.split("Tool said: " + last.path("content").asText())) tokens.add(word);
        return Optional.of(new Reply(tokens, 0, Mode.NORMAL));
    }

    /** Says nothing a client would parse as data, and notices when the client has gone. */
    private void stayAlive(OutputStream out) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!closed && System.nanoTime() < deadline) {
            if (!pause(200)) return;
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static boolean pause(long millis) {
        if (millis <= 0) return true;
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Reply replyTo(String text) {
        Mode mode = text.contains("[[fail]]") ? Mode.FAIL
                : text.contains("[[cut]]") ? Mode.CUT
                : text.contains("[[truncate]]") ? Mode.TRUNCATE
                : text.contains("[[stall]]") ? Mode.STALL : Mode.NORMAL;
        Matcher delay = DELAY.matcher(text);
        long delayMillis = delay.find() ? Long.parseLong(delay.group(1)) : 0;
        Matcher count = TOKENS.matcher(text);
        List<String> tokens = new ArrayList<>();
        if (count.find()) {
            for (int i = 0; i < Integer.parseInt(count.group(1)); i++) tokens.add("t" + i + " ");
        } else {
            for (String word : WORD_START.split("Echo: " + text)) tokens.add(word);
        }
        return new Reply(tokens, delayMillis, mode);
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

    private static ObjectNode delta(String field, String value) {
        return JSON.createObjectNode().put(field, value);
    }

    private static ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header(id, model, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    private static ObjectNode usageChunk(String id, String model, int completionTokens) {
        ObjectNode chunk = header(id, model, "chat.completion.chunk");
        chunk.putArray("choices");
        chunk.set("usage", usage(completionTokens));
        return chunk;
    }

    private static ObjectNode completion(String id, String model, Reply reply) {
        ObjectNode completion = header(id, model, "chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.calls().isEmpty()) {
            message.put("content", reply.text());
        } else {
            message.putNull("content");
            com.fasterxml.jackson.databind.node.ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : reply.calls()) {
                calls.addObject().put("id", call.id()).put("type", "function")
                        .putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.put("finish_reason", reply.calls().isEmpty() ? "stop" : "tool_calls");
        completion.set("usage", usage(reply.tokens().size()));
        return completion;
    }

    private static ObjectNode header(String id, String model, String object) {
        return JSON.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
    }

    private static ObjectNode usage(int completionTokens) {
        return JSON.createObjectNode().put("prompt_tokens", 10).put("completion_tokens", completionTokens)
                .put("total_tokens", 10 + completionTokens);
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return body;
    }

    private static void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
