package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowCatalog;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.http.HttpException;
import dev.flowstream.streaming.LiveSocket;
import dev.flowstream.streaming.SocketRegistry;
import dev.flowstream.streaming.StreamSink;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one prediction: finds the flow, streams its events to the requesting socket (and any extra
 * sink, such as SSE), and yields the answer only after every event was handed to the socket.
 *
 * <p>Threading: thread-safe; {@link #predict} returns at once. Its stage completes on whatever
 * thread finished last: a model thread, our timer, or the container I/O thread that reported the
 * socket's last send. Callers must not write to a client on it, nor block it: hop to a thread of
 * their own first.
 */
public final class PredictionService {

    private final ChatflowCatalog catalog;
    private final SocketRegistry sockets;
    private final Duration flushWait;
    private final ScheduledExecutorService timers;

    /**
     * @param timers bounds the wait for a socket's flush; ours, so an undeploy can stop it (the JDK's
     *               shared delay thread of {@code completeOnTimeout} would keep the webapp loaded)
     */
    public PredictionService(ChatflowCatalog catalog, SocketRegistry sockets, Duration flushWait,
                             ScheduledExecutorService timers) {
        this.catalog = catalog;
        this.sockets = sockets;
        this.flushWait = flushWait;
        this.timers = timers;
    }

    public Chatflow flow(String chatflowId) {
        return catalog.find(chatflowId)
                .orElseThrow(() -> HttpException.notFound("chatflow " + chatflowId + " not found"));
    }

    /**
     * @param extra receives the same events as the socket (SSE); {@link StreamSink#NONE} for none
     */
    public CompletionStage<PredictionAnswer> predict(Chatflow flow, PredictionRequest request, StreamSink extra) {
        String chatId = request.chatId().or(request::sessionId).orElseGet(() -> UUID.randomUUID().toString());
        Optional<LiveSocket> socket = flow.streamable()
                ? request.socketIOClientId().flatMap(sockets::find) : Optional.empty();
        // an unstreamable flow sends no events at all; the chatflow itself enforces that
        StreamSink sink = socket.<StreamSink>map(s -> s::deliver).orElse(StreamSink.NONE).andThen(extra);
        FlowRequest flowRequest = new FlowRequest(request.question(), chatId, request.overrideConfig(), request.history());
        CompletableFuture<FlowResult> run = flow.run(flowRequest, sink).toCompletableFuture();
        // Success or failure, the HTTP answer waits until the socket has taken every event.
        return run.handle((result, failure) -> socket)
                .thenCompose(this::flushed)
                .thenCompose(flushed -> run)
                .thenApply(result -> answer(request, chatId, result));
    }

    private CompletionStage<Void> flushed(Optional<LiveSocket> socket) {
        if (socket.isEmpty()) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        socket.get().flushed().whenComplete((done, failure) -> bounded.complete(null));
        ScheduledFuture<?> timeout = timers.schedule(() -> bounded.complete(null), flushWait.toMillis(), TimeUnit.MILLISECONDS);
        bounded.whenComplete((done, failure) -> timeout.cancel(false));
        return bounded;
    }

    private static PredictionAnswer answer(PredictionRequest request, String chatId, FlowResult result) {
        return new PredictionAnswer(result.text(), request.question(), chatId, UUID.randomUUID().toString(),
                request.sessionId().orElse(null), result.sourceDocuments(), result.usedTools(),
                result.json().orElse(null));
    }
}
