package dev.flowstream.socketio;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request on the socket.io path, checked as the reference server checks it before any
 * session state is touched: a known protocol version, a known transport, a method the transport
 * takes, and a websocket transport only on a websocket upgrade. The library accepts any
 * {@code EIO} as protocol 3 and any method; we refuse them here with 400.
 *
 * @param rawQuery  the query string as the container gave it on its own thread
 * @param query     the query parameters (first value of each)
 * @param protocol  3 or 4
 * @param websocket true for the websocket transport (an upgrade request), false for polling
 * @param sid       the engine.io session the request belongs to; empty for a handshake
 */
record EngineIoRequest(String rawQuery, Map<String, String> query, int protocol, boolean websocket, Optional<String> sid) {

    boolean handshake() {
        return sid.isEmpty();
    }

    /** Reads the request line and headers only: getParameter could consume a form-encoded body. */
    static EngineIoRequest of(HttpServletRequest request) {
        String rawQuery = request.getQueryString();
        Map<String, String> query = Queries.parse(rawQuery);
        int protocol = protocol(query.get("EIO"));
        String transport = query.get("transport");
        if (transport == null) throw Refusal.protocol(Refusal.Protocol.TRANSPORT_UNKNOWN);
        boolean websocket = switch (transport) {
            case "polling" -> false;
            case "websocket" -> true;
            default -> throw Refusal.protocol(Refusal.Protocol.TRANSPORT_UNKNOWN);
        };
        Optional<String> sid = Optional.ofNullable(query.get("sid")).filter(s -> !s.isEmpty());
        String method = request.getMethod();
        if (websocket && !("GET".equals(method) && isUpgrade(request))) {
            throw Refusal.protocol(Refusal.Protocol.BAD_REQUEST);
        }
        if (sid.isEmpty() && !"GET".equals(method)) {
            throw Refusal.protocol(Refusal.Protocol.BAD_HANDSHAKE_METHOD);
        }
        if (!"GET".equals(method) && !"POST".equals(method)) {
            throw Refusal.protocol(Refusal.Protocol.BAD_REQUEST);
        }
        return new EngineIoRequest(rawQuery, query, protocol, websocket, sid);
    }

    private static int protocol(String eio) {
        if (eio == null) throw Refusal.protocol(Refusal.Protocol.UNSUPPORTED_PROTOCOL_VERSION);
        return switch (eio) {
            case "3" -> 3;
            case "4" -> 4;
            default -> throw Refusal.protocol(Refusal.Protocol.UNSUPPORTED_PROTOCOL_VERSION);
        };
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
