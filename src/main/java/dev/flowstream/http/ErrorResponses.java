package dev.flowstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowstream.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where a failure becomes an HTTP error answer, with the body every Flowstream
 * endpoint answers errors with: {@code {"statusCode": N, "success": false, "message": "..."}}. An
 * {@link HttpException} is answered with its status, message and headers; anything else is a bug
 * of ours: logged at SEVERE with its stack trace and answered with a 500 that names only the
 * exception's class (a container's error page could otherwise show the stack trace).
 *
 * <p>Threading: stateless; thread-safe.
 */
public final class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    /** The refusal {@code failure} is answered with, logging it as a bug unless it is a refusal. */
    public static HttpException resolve(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HttpException refused) {
            if (refused.getCause() != null) {
                LOG.log(Level.FINE, "refused with " + refused.status() + ": " + refused.getMessage(), refused.getCause());
            }
            return refused;
        }
        LOG.log(Level.SEVERE, "request failed unexpectedly", cause);
        return new HttpException(500, "internal error: " + cause.getClass().getSimpleName());
    }

    /** Writes the error {@code failure} maps to, unless the response is already committed (then nothing can be fixed). */
    public static void write(HttpServletResponse response, Throwable failure) throws IOException {
        HttpException error = resolve(failure);
        if (response.isCommitted()) return;
        response.resetBuffer();
        error.headers().forEach(response::setHeader);
        writeJson(response, error.status(), body(error.status(), error.getMessage()));
    }

    /** Sends {@code json} as the whole answer; for error bodies of other shapes (engine.io's own). */
    public static void writeJson(HttpServletResponse response, int status, byte[] json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** The error body, for answers written without a blocking stream. */
    public static byte[] body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("success", false);
        body.put("message", message);
        try {
            return Json.writer().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of a number, a boolean and a string is always JSON", e);
        }
    }

    /** The failure behind the wrappers a {@link java.util.concurrent.CompletionStage} puts around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
