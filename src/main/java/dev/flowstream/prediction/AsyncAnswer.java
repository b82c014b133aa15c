package dev.flowstream.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowstream.http.ErrorResponses;
import dev.flowstream.http.NonBlockingOutput;
import dev.flowstream.json.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous side of one prediction exchange: answers exactly once, as JSON (the answer or
 * an error) or by ending an SSE stream, through a {@link NonBlockingOutput}, so no thread waits
 * for a client that does not read.
 *
 * <p>Threading: {@link #json} is called on our writer threads; the first answer wins, later ones
 * are ignored. A streamed answer is ended by its {@link SseStream}, on the same threads.
 */
final class AsyncAnswer {

    private final AsyncContext context;
    private final NonBlockingOutput output;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean bodyRefused;

    AsyncAnswer(AsyncContext context, Executor writers, long maxBacklogBytes) {
        this.context = context;
        context.setTimeout(0); // our own timeouts bound the body and the run; container defaults (30 s) would cut streams
        this.output = new NonBlockingOutput(context, writers, maxBacklogBytes);
    }

    AsyncContext context() {
        return context;
    }

    HttpServletResponse response() {
        return (HttpServletResponse) context.getResponse();
    }

    NonBlockingOutput output() {
        return output;
    }

    /** Writes the JSON answer, or the error {@code failure} maps to. */
    void json(Object result, Throwable failure) {
        if (!answered.compareAndSet(false, true)) return;
        if (response().isCommitted()) {
            output.end();
            return;
        }
        Throwable cause = failure;
        if (cause == null) {
            try {
                send(200, Json.writer().writeValueAsBytes(result));
                return;
            } catch (JsonProcessingException e) {
                cause = e;
            }
        }
        HttpError error = HttpError.of(cause);
        error.headers().forEach(response()::setHeader);
        // a body left unread (too slow, too large) must not be taken for the start of a next request
        if (bodyRefused) response().setHeader("Connection", "close");
        send(error.status(), ErrorResponses.body(error.status(), error.message()));
    }

    /** Told once the body was read, or refused by the reader (then some of it may still be coming). */
    void bodyRead(byte[] body, Throwable refused) {
        if (refused != null) bodyRefused = true;
    }

    private void send(int status, byte[] body) {
        HttpServletResponse response = response();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        output.offer(body);
        output.end();
    }

    void fail(Throwable failure) {
        json(null, failure);
    }
}
