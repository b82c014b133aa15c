package dev.flowstream.socketio;

import dev.flowstream.http.BodyRefused;
import dev.flowstream.http.JsonError;
import dev.flowstream.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An engine.io request refused before the library sees it. The protocol's own errors keep the
 * reference server's body, {@code {"code": N, "message": "Transport unknown"}} with its codes and
 * messages, which socket.io tooling knows; Flowstream's own refusals (size, rate) use the one
 * error body of every Flowstream endpoint ({@link JsonError}).
 */
final class Refusal extends RuntimeException {

    /** The reference server's protocol errors: code and message. */
    enum Protocol {
        TRANSPORT_UNKNOWN(0, "Transport unknown"),
        UNKNOWN_SID(1, "Session ID unknown"),
        BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
        BAD_REQUEST(3, "Bad request"),
        UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

        final int code;
        final String message;

        Protocol(int code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private final int status;
    private final Protocol protocol;
    private final int retryAfterSeconds;

    private Refusal(int status, String message, Protocol protocol, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.protocol = protocol;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static Refusal protocol(Protocol error) {
        return new Refusal(400, error.message, error, 0);
    }

    static Refusal badRequest(String message) {
        return new Refusal(400, message, null, 0);
    }

    static Refusal tooLarge(long limit) {
        return new Refusal(413, "body exceeds maxPayload of " + limit + " bytes", null, 0);
    }

    /** A polling body the reader refused: too large (413), too slow to arrive (408), broken off (400). */
    static Refusal body(BodyRefused refused, long maxPayload) {
        if (refused.reason() == BodyRefused.Reason.TOO_LARGE) return tooLarge(maxPayload);
        return new Refusal(refused.status(), refused.getMessage(), null, 0);
    }

    static Refusal tooMany(String message) {
        return new Refusal(429, message, null, 1);
    }

    void write(HttpServletResponse response) throws IOException {
        if (protocol == null) {
            if (retryAfterSeconds > 0) response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
            JsonError.write(response, status, getMessage());
            return;
        }
        if (response.isCommitted()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", protocol.code);
        body.put("message", protocol.message);
        byte[] bytes = Json.writer().writeValueAsBytes(body);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
