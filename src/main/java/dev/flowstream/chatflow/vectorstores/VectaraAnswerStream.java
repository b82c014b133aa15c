package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.StallWatchdog;
import dev.flowstream.chatflow.support.ModelHttpClients;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One streamed query of Vectara's API v2 ({@code stream_response: true}): its server-sent events
 * are read as they come, {@code search_results} kept, each {@code generation_chunk} handed on,
 * until {@code end}. An error status, an {@code error} event or a stream that breaks off is the
 * provider's failure; no answer within the model timeout, or silence longer than the stall
 * timeout once the stream is open, a timeout. Vectara's own error text is left out of messages.
 *
 * <p>Threading: thread-safe; {@link #stream} blocks on the network while the runtime's watchdog
 * checks it for silence from its own thread.
 */
final class VectaraAnswerStream {

    private final ExportNode node;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration stallTimeout;
    private final StallWatchdog watchdog;

    VectaraAnswerStream(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.http = ModelHttpClients.jdk(runtime);
        this.timeout = runtime.settings().models().timeout();
        this.stallTimeout = runtime.settings().models().stallTimeout();
        this.watchdog = runtime.watchdog();
    }

    /** @return the search results the generation read, best first */
    List<SourceDocument> stream(URI uri, Map<String, String> headers, Map<String, Object> body, Consumer<String> chunks) {
        HttpResponse<Stream<String>> response = send(uri, headers, body);
        Silence silence = new Silence(response.body());
        StallWatchdog.Watch watch = watchdog.watch(silence, stallTimeout.toNanos());
        List<SourceDocument> results = List.of();
        boolean ended = false;
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> events = lines.iterator(); events.hasNext() && !ended; ) {
                String line = events.next();
                silence.heard();
                if (!line.startsWith("data:")) continue;
                JsonNode event = parse(line.substring("data:".length()));
                switch (event.path("type").asText()) {
                    case "search_results" -> results = VectaraApi.passages(event.path("search_results"));
                    case "generation_chunk" -> chunks.accept(event.path("generation_chunk").asText(""));
                    case "error" -> throw failure(Kind.PROVIDER, "Vectara reported an error while answering (is the "
                            + "summarizer one your account offers?)");
                    case "end" -> ended = true;
                    default -> { } // generation_end, factual_consistency_score, ...: nothing to pass on
                }
            }
        } catch (UncheckedIOException e) {
            if (!silence.stalled()) throw failure(Kind.PROVIDER, "Vectara's answer broke off (" + e.getCause().getClass().getSimpleName() + ")");
        } finally {
            watch.stop();
        }
        if (silence.stalled()) throw failure(Kind.TIMEOUT, "Vectara went silent for " + stallTimeout.toMillis() + " ms");
        if (!ended) throw failure(Kind.PROVIDER, "Vectara's answer ended without its end event");
        return results;
    }

    private HttpResponse<Stream<String>> send(URI uri, Map<String, String> headers, Map<String, Object> body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "text/event-stream").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(body)));
            headers.forEach(request::setHeader);
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() == 200) return response;
            response.body().close();
            throw failure(Kind.PROVIDER, "Vectara answered HTTP " + response.statusCode() + " to POST " + uri.getPath());
        } catch (HttpTimeoutException e) {
            throw failure(Kind.TIMEOUT, "Vectara did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + " could not reach Vectara at " + uri.getHost()
                    + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatflowException(Kind.CHAIN, who() + " was interrupted", e);
        }
    }

    private JsonNode parse(String data) {
        try {
            return Json.reader().readTree(data.trim());
        } catch (JsonProcessingException e) {
            throw failure(Kind.PROVIDER, "Vectara sent an event that is not JSON");
        }
    }

    private ChatflowException failure(Kind kind, String problem) {
        return new ChatflowException(kind, who() + ": " + problem);
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }

    /** The open stream's last sign of life; closes the stream when it has been silent too long. */
    private final class Silence implements StallWatchdog.Watched {
        private final Stream<String> lines;
        private volatile long lastHeard = System.nanoTime();
        private volatile boolean stalled;

        Silence(Stream<String> lines) {
            this.lines = lines;
        }

        void heard() {
            lastHeard = System.nanoTime();
        }

        boolean stalled() {
            return stalled;
        }

        @Override
        public OptionalLong check(long nowNanos) {
            long idle = nowNanos - lastHeard;
            if (idle < stallTimeout.toNanos()) return OptionalLong.of(stallTimeout.toNanos() - idle);
            stalled = true;
            lines.close(); // unblocks the reading thread
            return OptionalLong.empty();
        }
    }
}
