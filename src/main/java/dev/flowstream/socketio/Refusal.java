package dev.flowstream.socketio;

import dev.flowstream.http.ErrorResponses;
import dev.flowstream.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An engine.io request refused with one of the protocol's own errors before the library sees it.
 * These keep the reference server's body, {@code {"code": N, "message": "Transport unknown"}} with
 * its codes and messages, which socket.io tooling knows; Flowstream's own refusals (size, rate)
 * are {@link dev.flowstream.http.HttpException}s with the error body of every Flowstream endpoint.
 *
 * <p>Threading: immutable.
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

    private final Protocol protocol;

    private Refusal(Protocol protocol) {
        super(protocol.message, null, false, false);
        this.protocol = protocol;
    }

    static Refusal protocol(Protocol error) {
        return new Refusal(error);
    }

    /** Writes the reference server's 400 unless the response is already committed. */
    void write(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", protocol.code);
        body.put("message", protocol.message);
        response.resetBuffer();
        ErrorResponses.writeJson(response, 400, Json.writer().writeValueAsBytes(body));
    }
}
