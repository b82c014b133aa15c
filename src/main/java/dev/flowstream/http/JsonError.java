package dev.flowstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowstream.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the one error body every Flowstream endpoint answers with:
 * {@code {"statusCode": N, "success": false, "message": "..."}}. Stateless; thread-safe.
 */
public final class JsonError {

    private JsonError() {
    }

    public static String body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("success", false);
        body.put("message", message);
        try {
            return Json.writer().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of a number, a boolean and a string is always JSON", e);
        }
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
}
