package dev.flowstream.socketio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Query-string parsing that tolerates what engine.io's own parser does not (no query, repeated
 * keys, stray separators): first value wins. Stateless.
 */
final class Queries {

    private Queries() {
    }

    static Map<String, String> parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query == null || query.isEmpty()) return values;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            values.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
