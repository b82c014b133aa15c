package dev.flowstream.http;

import java.util.Map;

/**
 * A request Flowstream refuses: the status to answer, a message safe to send to the client (it
 * names the problem or the limit, never our internals) and any headers the answer needs, such as
 * {@code Allow} or {@code Retry-After}. {@link ErrorResponses} writes it; no stack trace is taken,
 * as a refusal is expected, not a fault.
 *
 * <p>Threading: immutable; may be thrown on one thread and answered on another.
 */
public class HttpException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    public HttpException(int status, String message) {
        this(status, message, Map.of(), null);
    }

    public HttpException(int status, String message, Map<String, String> headers) {
        this(status, message, headers, null);
    }

    /** @param cause why the request was refused, for our log at FINE; never shown to the client */
    protected HttpException(int status, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static HttpException badRequest(String message) {
        return new HttpException(400, message);
    }

    public static HttpException notFound(String message) {
        return new HttpException(404, message);
    }

    /** A 405 that tells the client which method to use; {@code OPTIONS} is always allowed (CORS). */
    public static HttpException methodNotAllowed(String method, String allowed) {
        return new HttpException(405, "method " + method + " is not allowed: use " + allowed,
                Map.of("Allow", allowed + ", OPTIONS"));
    }

    public int status() {
        return status;
    }

    /** Headers the answer carries besides the error body. */
    public Map<String, String> headers() {
        return headers;
    }
}
