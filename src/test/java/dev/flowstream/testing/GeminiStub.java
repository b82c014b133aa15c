package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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

    private final StubServer server;

    private GeminiStub(StubServer server) {
        this.server = server;
    }

    public static GeminiStub start() {
        return start(0);
    }

    public static GeminiStub start(int port) {
        GeminiStub stub = new GeminiStub(StubServer.bind("Gemini stub", port, 1024, n -> "gemini-stub-" + n));
        stub.server.handle("/v1beta/models/", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT/v1beta}: what a chatGoogleGenerativeAI node's {@code baseUrl} takes. */
    public String baseUrl() {
        return server.origin() + "/v1beta";
    }

    public int requests() {
        return server.requests();
    }

    public Optional<String> lastRequestBody() {
        return server.lastBody();
    }

    /** Path and query of the last request, e.g. {@code /v1beta/models/m:streamGenerateContent?alt=sse}. */
    public Optional<String> lastPathAndQuery() {
        return server.lastUri().map(URI::toString);
    }

    /** The {@code x-goog-api-key} header of the last request, if it had one. */
    public Optional<String> lastApiKey() {
        return server.lastHeader("x-goog-api-key");
    }

    @Override
    public void close() {
        server.close();
    }

    public static void main(String[] args) throws InterruptedException {
        GeminiStub stub = start(StubServer.port(args));
        StubServer.serveForever("GEMINI_STUB_URL", stub.baseUrl(), stub::close);
    }

    private void serve(HttpExchange exchange) throws IOException {
        answer(exchange, server.receive(exchange).body());
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
        if (reply.mode() == StubReply.Mode.STALL) StubReply.stall(server::isClosed, () -> comment(out));
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

    private static void comment(OutputStream out) throws IOException {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
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
