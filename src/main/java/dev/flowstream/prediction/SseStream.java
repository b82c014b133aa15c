package dev.flowstream.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowstream.http.NonBlockingOutput;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.streaming.StreamSink;
import jakarta.servlet.http.HttpServletResponse;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A prediction answered as Server-Sent Events (README, "HTTP API", SSE): the flow's events as they
 * come, then {@code metadata}, then {@code end} with {@code "[DONE]"}. Nothing is committed before
 * the first event, so a flow that fails before streaming is still answered with a JSON error. A
 * client further behind than the output's backlog bound is shed: its response ends there.
 *
 * <p>Threading: {@link #accept} is called from model threads, one event at a time; {@link #finish}
 * after the last event. Neither blocks: frames are written through a {@link NonBlockingOutput}.
 */
final class SseStream implements StreamSink {

    private final HttpServletResponse response;
    private final NonBlockingOutput output;
    private final AtomicBoolean started = new AtomicBoolean();

    SseStream(HttpServletResponse response, NonBlockingOutput output) {
        this.response = response;
        this.output = output;
    }

    boolean started() {
        return started.get();
    }

    @Override
    public void accept(StreamEvent event) {
        if (event instanceof StreamEvent.End) return; // the stream's own end comes after metadata
        send(event.name(), event.data());
    }

    /** Ends the stream: metadata (on success), then end; completes when the exchange is complete. */
    CompletionStage<Void> finish(Map<String, Object> metadata) {
        if (metadata != null) send("metadata", metadata);
        send("end", "[DONE]");
        return output.end();
    }

    private void send(String name, Object data) {
        if (started.compareAndSet(false, true)) startResponse();
        if (!output.isOpen()) return; // shed or gone: spare the encoding
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", name);
        frame.put("data", data);
        try {
            String json = Json.writer().writeValueAsString(frame);
            output.offer(("message:\ndata:" + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Headers only; the first frame's write commits them, on the output's thread. */
    private void startResponse() {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
    }
}
