package dev.flowstream.socketio;

import java.util.Base64;
import java.util.Optional;

/**
 * engine.io packets checked as the reference parser checks them, before the library sees them:
 * the library throws on an invalid packet (an empty one, an unknown type, bad base64), which
 * left a polling session open with the packets before it dropped, and a websocket frame silently
 * ignored. The reference closes the session on the first invalid packet, after handling the
 * valid ones before it. Stateless.
 */
final class EnginePackets {

    /** Separates the packets of a protocol 4 polling payload. */
    static final char SEPARATOR = '\u001e';
    /** A close packet in a protocol 4 payload, and the same as a protocol 3 payload. */
    static final String CLOSE_V4 = "1";
    static final String CLOSE_V3 = "1:1";

    /**
     * Deepest JSON nesting accepted in a message packet. The socket.io library's recursive parser
     * overflows its thread's stack a few thousand levels down (on a container I/O thread); no
     * event a client sends here needs more than a few levels.
     */
    static final int MAX_NESTING = 256;

    private EnginePackets() {
    }

    /**
     * A protocol 4 polling payload cut at its first invalid packet.
     *
     * @param valid    the packets before it, as a payload; empty when the first one is invalid
     * @param rejected true when an invalid packet was found (the session must close)
     */
    record Payload(Optional<String> valid, boolean rejected) {
    }

    static Payload payloadV4(String body) {
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(SEPARATOR, start);
            if (end < 0) end = body.length();
            if (!validText(body.substring(start, end), 4)) {
                return new Payload(start == 0 ? Optional.empty() : Optional.of(body.substring(0, start - 1)), true);
            }
            start = end + 1;
        }
        return new Payload(Optional.of(body), false);
    }

    /** One text packet (a websocket text frame, or one packet of a payload). */
    static boolean validText(String packet, int protocol) {
        if (packet.isEmpty()) return false;
        char type = packet.charAt(0);
        if (type == '4') return nesting(packet) <= MAX_NESTING;
        if (type != 'b') return isType(type);
        if (protocol == 3) return packet.length() > 1 && isType(packet.charAt(1)) && isBase64(packet.substring(2));
        return isBase64(packet.substring(1));
    }

    /** One binary websocket frame: any bytes in protocol 4; a type byte first in protocol 3. */
    static boolean validBinary(byte[] frame, int protocol) {
        return protocol == 4 || (frame.length > 0 && frame[0] >= 0 && frame[0] <= 6);
    }

    /**
     * The protocol 4 open packet with the {@code maxPayload} field engine.io 4 sends and the library
     * leaves out: engine.io-client 6 splits its polling batches by it. Anything else is returned as is.
     */
    static String announceMaxPayload(String packet, int maxPayload) {
        if (!packet.startsWith("0{") || !packet.endsWith("}") || packet.contains("\"maxPayload\"")) return packet;
        return packet.substring(0, packet.length() - 1) + ",\"maxPayload\":" + maxPayload + "}";
    }

    /** The deepest bracket nesting outside JSON strings (an estimate that never undercounts JSON). */
    private static int nesting(String text) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return deepest;
    }

    private static boolean isType(char c) {
        return c >= '0' && c <= '6';
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
