package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowCatalog;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.LiveSocket;
import dev.flowstream.streaming.SocketRegistry;
import dev.flowstream.streaming.StreamSink;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Runs one prediction: finds the flow, streams its events to the requesting socket (and any extra
 * sink, such as SSE), and yields the answer only after every event was handed to the socket.
 *
 * <p>Threading: thread-safe; {@link #predict} returns at once and completes on a model thread.
 */
public final class PredictionService {

    private final ChatflowCatalog catalog;
    private final SocketRegistry sockets;
    private final Duration flushWait;

    public PredictionService(ChatflowCatalog catalog, SocketRegistry sockets, Duration flushWait) {
        this.catalog = catalog;
        this.sockets = sockets;
        this.flushWait = flushWait;
    }

    public Chatflow flow(String chatflowId) {
        return catalog.find(chatflowId)
                .orElseThrow(() -> ApiException.notFound("chatflow " + chatflowId + " not found"));
    }

    /**
     * @param extra receives the same events as the socket (SSE); {@link StreamSink#NONE} for none
     */
    public CompletionStage<PredictionAnswer> predict(Chatflow flow, PredictionRequest request, StreamSink extra) {
        String chatId = request.chatId().or(request::sessionId).orElseGet(() -> UUID.randomUUID().toString());
        Optional<LiveSocket> socket = flow.streamable()
                ? request.socketIOClientId().flatMap(sockets::find) : Optional.empty();
        StreamSink sink = flow.streamable() ? socket.<StreamSink>map(s -> s::deliver).orElse(StreamSink.NONE).andThen(extra)
                : StreamSink.NONE;
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
        return socket.get().flushed().toCompletableFuture()
                .completeOnTimeout(null, flushWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static PredictionAnswer answer(PredictionRequest request, String chatId, FlowResult result) {
        return new PredictionAnswer(result.text(), request.question(), chatId, UUID.randomUUID().toString(),
                request.sessionId().orElse(null), result.sourceDocuments(), result.usedTools());
    }
}
