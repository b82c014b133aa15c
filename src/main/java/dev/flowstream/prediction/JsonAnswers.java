package dev.flowstream.prediction;

import dev.flowstream.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes JSON success bodies with Jackson. Stateless; thread-safe. */
final class JsonAnswers {

    private JsonAnswers() {
    }

    static void write(HttpServletResponse response, Object body) throws IOException {
        byte[] bytes = Json.writer().writeValueAsBytes(body);
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
