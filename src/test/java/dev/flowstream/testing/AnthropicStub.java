package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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

    private final StubServer server;

    private AnthropicStub(StubServer server) {
        this.server = server;
    }

    public static AnthropicStub start() {
        return start(0);
    }

    public static AnthropicStub start(int port) {
        AnthropicStub stub = new AnthropicStub(StubServer.bind("Anthropic stub", port, 1024, n -> "anthropic-stub-" + n));
        stub.server.handle("/v1/messages", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT/v1/}: the base URL of the Messages API. */
    public String baseUrl() {
        return server.origin() + "/v1/";
    }

    public int requests() {
        return server.requests();
    }

    /** The JSON body of the last request. */
    public Optional<String> lastRequestBody() {
        return server.lastBody();
    }

    /** The {@code x-api-key} header of the last request, if it had one. */
    public Optional<String> lastApiKey() {
        return server.lastHeader("x-api-key");
    }

    @Override
    public void close() {
        server.close();
    }

    public static void main(String[] args) throws InterruptedException {
        AnthropicStub stub = start(StubServer.port(args));
        StubServer.serveForever("ANTHROPIC_STUB_URL", stub.baseUrl(), stub::close);
    }

    private void serve(HttpExchange exchange) throws IOException {
        StubServer.Received received = server.receive(exchange);
        answer(exchange, received.number(), received.body());
    }

    private void answer(HttpExchange exchange, int number, String body) throws IOException {
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
        stream(exchange.getResponseBody(), number, request.path("model").asText("stub-model"), reply);
    }

    private void stream(OutputStream out, int number, String model, StubReply reply) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("id", "msg_stub_" + number).put("type", "message")
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
        if (reply.mode() == StubReply.Mode.STALL) {
            // pings, as Anthropic sends while a model thinks
            StubReply.stall(server::isClosed, () -> send(out, "ping", event("ping")));
        }
        if (reply.mode() != StubReply.Mode.NORMAL) return;
        send(out, "content_block_stop", event("content_block_stop").put("index", 0));
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", reply.tokens().size());
        send(out, "message_delta", delta);
        send(out, "message_stop", event("message_stop"));
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
