package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.http.JsonError;
import dev.flowstream.streaming.StreamSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/v1/prediction/{chatflowId}}: parse, delegate to {@link PredictionService}, write
 * the JSON answer or the SSE stream. Asynchronous: no container thread waits while a model streams.
 *
 * <p>Threading: container threads parse; the answer is written from the thread that completes the
 * prediction, exactly once, through {@link AsyncAnswer}.
 */
public final class PredictionServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(PredictionServlet.class.getName());

    private final transient PredictionService service;
    private final transient Executor writers;
    private final long maxRequestBytes;
    private final long sseBacklogBytes;

    public PredictionServlet(PredictionService service, Executor writers, long maxRequestBytes,
                             long sseBacklogBytes) {
        this.service = service;
        this.writers = writers;
        this.maxRequestBytes = maxRequestBytes;
        this.sseBacklogBytes = sseBacklogBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST, OPTIONS");
            JsonError.write(response, 405, "method " + request.getMethod() + " is not allowed: use POST");
        } else {
            try {
                post(request, response);
            } catch (ApiException e) {
                JsonError.write(response, e.status(), e.getMessage());
            }
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String flowId = ApiPaths.id(request.getPathInfo())
                .orElseThrow(() -> ApiException.notFound("missing chatflow id: POST " + request.getServletPath() + "/<chatflow-id>"));
        Chatflow flow = service.flow(flowId);
        PredictionRequest body = new PredictionRequestParser().parse(RequestBodies.read(request, maxRequestBytes));
        AsyncAnswer answer = new AsyncAnswer(request.startAsync());
        if (body.streaming() && flow.streamable()) {
            stream(flow, body, answer);
        } else {
            service.predict(flow, body, StreamSink.NONE).whenComplete(answer::json);
        }
    }

    private void stream(Chatflow flow, PredictionRequest body, AsyncAnswer answer) {
        SseStream sse = new SseStream(answer.response(), writers, sseBacklogBytes);
        service.predict(flow, body, sse).whenComplete((result, failure) -> {
            if (!sse.started()) {
                answer.json(result, failure);
                return;
            }
            sse.finish(failure == null ? metadata(result) : null).whenComplete((done, ignored) -> answer.complete());
        });
    }

    private static Map<String, Object> metadata(PredictionAnswer result) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("chatId", result.chatId());
        metadata.put("chatMessageId", result.chatMessageId());
        metadata.put("question", result.question());
        if (result.sessionId() != null) metadata.put("sessionId", result.sessionId());
        return metadata;
    }

    /** The async side of one exchange: writes once, completes once, tolerates a vanished client. */
    static final class AsyncAnswer {
        private final AsyncContext context;
        private final AtomicBoolean done = new AtomicBoolean();

        AsyncAnswer(AsyncContext context) {
            this.context = context;
            context.setTimeout(0); // our own watchdogs bound the run; container defaults (30 s) would cut streams
        }

        HttpServletResponse response() {
            return (HttpServletResponse) context.getResponse();
        }

        void json(PredictionAnswer result, Throwable failure) {
            try {
                if (failure != null) {
                    HttpError error = HttpError.of(failure);
                    JsonError.write(response(), error.status(), error.message());
                } else {
                    JsonAnswers.write(response(), result);
                }
            } catch (IOException | RuntimeException clientGone) {
                LOG.log(Level.FINE, "client went away before the answer", clientGone);
            } finally {
                complete();
            }
        }

        void complete() {
            if (!done.compareAndSet(false, true)) return;
            try {
                context.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container ended the exchange (client gone): nothing left to do
            }
        }
    }
}
