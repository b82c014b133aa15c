package dev.flowstream.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowstream.streaming.Outbox;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.streaming.StreamSink;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A prediction answered as Server-Sent Events (design.md §1.3): the flow's events as they come,
 * then {@code metadata}, then {@code end} with {@code "[DONE]"}. Nothing is committed before the
 * first event, so a flow that fails before streaming is still answered with a JSON error.
 *
 * <p>Threading: {@link #accept} is called from model threads; frames are written by one writer
 * off those threads, through an {@link Outbox}.
 */
final class SseStream implements StreamSink {

    private static final Logger LOG = Logger.getLogger(SseStream.class.getName());

    private final HttpServletResponse response;
    private final Outbox<byte[]> outbox;
    private final AtomicBoolean started = new AtomicBoolean();
    private boolean headersWritten; // writer thread only

    SseStream(HttpServletResponse response, Executor writers, long maxBacklogBytes) {
        this.response = response;
        this.outbox = new Outbox<>(writers, maxBacklogBytes, frame -> frame.length, this::write, () -> { });
    }

    boolean started() {
        return started.get();
    }

    @Override
    public void accept(StreamEvent event) {
        if (event instanceof StreamEvent.End) return; // the stream's own end comes after metadata
        send(event.name(), event.data());
    }

    /** Ends the stream: metadata (on success), then end; completes when written. */
    CompletionStage<Void> finish(Map<String, Object> metadata) {
        if (metadata != null) send("metadata", metadata);
        send("end", "[DONE]");
        return outbox.drained();
    }

    private void send(String name, Object data) {
        started.set(true);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", name);
        frame.put("data", data);
        try {
            String json = PredictionRequestParser.JSON.writeValueAsString(frame);
            outbox.offer(("message:\ndata:" + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte[] frame, Runnable done) {
        try {
            if (!headersWritten) {
                startResponse();
                headersWritten = true;
            }
            OutputStream out = response.getOutputStream();
            out.write(frame);
            out.flush();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "SSE client went away", e);
            outbox.close();
        } finally {
            done.run();
        }
    }

    private void startResponse() {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
    }
}
