package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.StubReply.Mode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * A test may script replies ({@link #replyWhen}): the first rule whose text the last user message
 * contains decides the reply, one token per word, before any marker is read.
 * Every request body is kept ({@link #requestBodies()}).
 * Run {@link #main} to use it from a script: it prints {@code OPENAI_STUB_URL=<baseUrl>}.
 *
 * <p>Threading: each request is served on its own pooled thread (100+ concurrent streams); the
 * accessors are safe from any thread; {@link #close} stops every thread and is idempotent.
 */
public final class OpenAiStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD_START = Pattern.compile("(?<=\\s)(?=\\S)");
    private static final Pattern CALL = Pattern.compile("\\[\\[call=([\\w-]+):(\\{.*?})]]");

    private final StubServer server;
    private final List<Scripted> scripted = new CopyOnWriteArrayList<>();

    /** A scripted reply: given when the last user message contains {@code trigger}. */
    private record Scripted(String trigger, String reply) {
    }

    private record Reply(List<String> tokens, long delayMillis, Mode mode, List<ToolCall> calls) {
        Reply(List<String> tokens) {
            this(tokens, 0, Mode.NORMAL, List.of());
        }

        String text() {
            return String.join("", tokens);
        }

        int streamed() {
            return new StubReply(tokens, delayMillis, mode).streamed();
        }
    }

    /** One tool call the stub makes: OpenAI's {@code {id, type: function, function: {name, arguments}}}. */
    private record ToolCall(String id, String name, String arguments) {
    }

    private OpenAiStub(StubServer server) {
        this.server = server;
    }

    public static OpenAiStub start() {
        return start(0);
    }

    public static OpenAiStub start(int port) {
        OpenAiStub stub = new OpenAiStub(StubServer.bind("OpenAI stub", port, 1024, n -> "openai-stub-" + n));
        stub.server.handle("/v1/chat/completions", stub::serve)
                .handle("/openai/deployments/", stub::serve) // Azure: /openai/deployments/{deployment}/chat/completions
                .start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT/v1}: what a chatOpenAI node's {@code basepath} takes. */
    public String baseUrl() {
        return server.origin() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT/openai/deployments}: what an azureChatOpenAI node's {@code basepath} takes. */
    public String azureBaseUrl() {
        return server.origin() + "/openai/deployments";
    }

    /** The path of the last chat completion request, e.g. {@code /openai/deployments/gpt4o-prod/chat/completions}. */
    public Optional<String> lastPath() {
        return server.lastUri().map(URI::getPath);
    }

    /** From now on, a last user message containing {@code trigger} is answered with {@code reply} (first rule wins). */
    public OpenAiStub replyWhen(String trigger, String reply) {
        scripted.add(new Scripted(trigger, reply));
        return this;
    }

    /** Chat completion requests received so far. */
    public int requests() {
        return server.requests();
    }

    /** The JSON body of the last chat completion request. */
    public Optional<String> lastRequestBody() {
        return server.lastBody();
    }

    /** The JSON bodies of every chat completion request so far, oldest first. */
    public List<String> requestBodies() {
        return server.bodies();
    }

    /** The {@code Authorization} header of the last chat completion request, if it had one. */
    public Optional<String> lastAuthorization() {
        return server.lastHeader("Authorization");
    }

    /** The raw query string of the last chat completion request (e.g. {@code api-version=...}), if it had one. */
    public Optional<String> lastQuery() {
        return server.lastUri().map(URI::getRawQuery);
    }

    /** A header of the last chat completion request, by case-insensitive name, if it had one. */
    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    @Override
    public void close() {
        server.close();
    }

    public static void main(String[] args) throws InterruptedException {
        OpenAiStub stub = start(StubServer.port(args));
        StubServer.serveForever("OPENAI_STUB_URL", stub.baseUrl(), stub::close);
    }

    private void serve(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendJson(exchange, 405, error("only POST is supported", "invalid_request_error"));
            return;
        }
        StubServer.Received received = server.receive(exchange);
        answer(exchange, "chatcmpl-stub-" + received.number(), received.body());
    }

    private void answer(HttpExchange exchange, String id, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            sendJson(exchange, 400, error("The body is not JSON.", "invalid_request_error"));
            return;
        }
        Reply reply = toolReply(request).orElseGet(() -> scriptedReply(lastUserText(request))
                .orElseGet(() -> replyTo(lastUserText(request))));
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
        int streamed = reply.streamed();
        for (int i = 0; i < streamed; i++) {
            if (i > 0 && !StubReply.pause(reply.delayMillis())) return;
            send(out, chunk(id, model, delta("content", reply.tokens().get(i)), null));
        }
        if (reply.mode() == Mode.STALL) {
            StubReply.stall(server::isClosed, () -> {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            });
        }
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
        return Optional.of(new Reply(tokens));
    }

    private Optional<Reply> scriptedReply(String text) {
        return scripted.stream().filter(rule -> text.contains(rule.trigger())).findFirst()
                .map(rule -> new Reply(List.of(WORD_START.split(rule.reply()))));
    }

    private static Reply replyTo(String text) {
        StubReply reply = StubReply.to(text);
        return new Reply(reply.tokens(), reply.delayMillis(), reply.mode(), List.of());
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
