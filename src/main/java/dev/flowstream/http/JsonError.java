package dev.flowstream.http;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the one error body every Flowstream endpoint answers with:
 * {@code {"statusCode": N, "success": false, "message": "..."}}. Stateless; thread-safe.
 */
public final class JsonError {

    private JsonError() {
    }

    public static String body(int status, String message) {
        return "{\"statusCode\":" + status + ",\"success\":false,\"message\":" + quote(message) + "}";
    }

    /** Writes the error unless the response is already committed (then there is nothing to fix). */
    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) return;
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = body(status, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** JSON string literal with the escapes RFC 8259 requires. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
