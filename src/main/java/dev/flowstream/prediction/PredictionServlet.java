package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.http.AsyncBodies;
import dev.flowstream.streaming.StreamSink;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code POST /api/v1/prediction/{chatflowId}}: read and parse the body, delegate to
 * {@link PredictionService}, write the JSON answer or the SSE stream. Asynchronous throughout: no
 * container thread waits for a body to arrive, for a model to stream or for a client to read.
 *
 * <p>Threading: container threads check the headers and start async mode; the body arrives, is
 * parsed and the answer is written on our writer threads, exactly once, through {@link AsyncAnswer}.
 * The prediction completes on whatever thread finished it (a model thread, a container I/O thread
 * that sent a socket's last frame, our timer), so every answer first hops to the writers.
 */
public final class PredictionServlet extends FlowPostServlet {

    private final transient AsyncBodies bodies;
    private final transient Executor writers;
    private final long maxRequestBytes;
    private final long sseBacklogBytes;

    public PredictionServlet(PredictionService service, AsyncBodies bodies, Executor writers,
                             long maxRequestBytes, long sseBacklogBytes) {
        super(service);
        this.bodies = bodies;
        this.writers = writers;
        this.maxRequestBytes = maxRequestBytes;
        this.sseBacklogBytes = sseBacklogBytes;
    }

    @Override
    void post(HttpServletRequest request, Chatflow flow) {
        Charset charset = RequestBodies.check(request, maxRequestBytes);
        AsyncAnswer answer = new AsyncAnswer(request.startAsync(), writers, sseBacklogBytes);
        bodies.read(answer.context(), maxRequestBytes)
                .whenComplete(answer::bodyRead)
                .thenApply(bytes -> new PredictionRequestParser().parse(RequestBodies.decode(bytes, charset)))
                .thenAccept(body -> run(flow, body, answer))
                .whenComplete((started, failure) -> {
                    if (failure != null) answer.fail(failure);
                });
    }

    private void run(Chatflow flow, PredictionRequest body, AsyncAnswer answer) {
        if (!body.streaming() || !flow.streamable()) {
            service().predict(flow, body, StreamSink.NONE).whenCompleteAsync(answer::json, writers);
            return;
        }
        SseStream sse = new SseStream(answer.response(), answer.output());
        service().predict(flow, body, sse).whenCompleteAsync((result, failure) -> {
            if (!sse.started()) {
                answer.json(result, failure);
            } else {
                sse.finish(failure == null ? metadata(result) : null);
            }
        }, writers);
    }

    private static Map<String, Object> metadata(PredictionAnswer result) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("chatId", result.chatId());
        metadata.put("chatMessageId", result.chatMessageId());
        metadata.put("question", result.question());
        if (result.sessionId() != null) metadata.put("sessionId", result.sessionId());
        return metadata;
    }
}
