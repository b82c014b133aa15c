package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.streaming.StreamSink;
import dev.flowstream.streaming.UsedTool;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event order of one answer: {@code start} with the first token, every token, sources, the
 * tools an agent used, then exactly one terminal ({@code end}, or {@code error} + {@code end} once
 * streaming has begun).
 * Whatever calls come after the terminal are ignored.
 *
 * <p>Threading: one producer calls {@link #token} at a time, while a watchdog may call
 * {@link #fail} from another thread; every sink call happens under this object's monitor, so the
 * sink never sees two calls at once nor a token after the terminal. The result stage completes
 * after the last event was given to the sink, outside the monitor.
 */
public final class AnswerStream {

    private static final Logger LOG = Logger.getLogger(AnswerStream.class.getName());

    private final StreamSink sink;
    private final CompletableFuture<FlowResult> result = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private boolean started;
    private boolean finished;

    public AnswerStream(StreamSink sink) {
        this.sink = sink;
    }

    public CompletionStage<FlowResult> result() {
        return result;
    }

    /**
     * Streams one piece of the answer; empty pieces are skipped.
     *
     * @return false once the answer has finished, so the producer can stop
     * @throws RuntimeException what the sink threw; the caller routes it to {@link #fail}
     */
    public synchronized boolean token(String piece) {
        if (finished) return false;
        if (piece.isEmpty()) return true;
        if (!started) {
            sink.accept(new StreamEvent.Start(piece));
            started = true;
        }
        sink.accept(new StreamEvent.Token(piece));
        text.append(piece);
        return true;
    }

    public synchronized boolean started() {
        return started;
    }

    public synchronized boolean finished() {
        return finished;
    }

    /** Ends the answer: sources when there are any, then {@code end}. */
    public void complete(List<SourceDocument> sources) {
        complete(sources, List.of());
    }

    /** Ends the answer: sources when there are any, the tools used when there are any, then {@code end}. */
    public void complete(List<SourceDocument> sources, List<UsedTool> usedTools) {
        FlowResult answer;
        Optional<ChatflowException> failure;
        synchronized (this) {
            if (finished) return;
            finished = true;
            answer = new FlowResult(text.toString(), sources, usedTools);
            failure = deliverEnding(sources, usedTools);
        }
        failure.ifPresentOrElse(result::completeExceptionally, () -> result.complete(answer));
    }

    /** Fails the answer; a client that saw tokens also gets {@code error} then {@code end}. */
    public void fail(ChatflowException failure) {
        synchronized (this) {
            if (finished) return;
            finished = true;
            if (started) {
                deliverQuietly(new StreamEvent.Error(failure.getMessage()));
                deliverQuietly(StreamEvent.END);
            }
        }
        result.completeExceptionally(failure);
    }

    /** Caller holds the monitor. A sink that throws on the sources turns the ending into a failure. */
    private Optional<ChatflowException> deliverEnding(List<SourceDocument> sources, List<UsedTool> usedTools) {
        try {
            if (!sources.isEmpty()) sink.accept(new StreamEvent.SourceDocuments(sources));
            if (!usedTools.isEmpty()) sink.accept(new StreamEvent.UsedTools(usedTools));
        } catch (RuntimeException e) {
            ChatflowException failure = new ChatflowException(ChatflowException.Kind.CHAIN,
                    "Flowstream could not deliver the answer's source documents or used tools", e);
            deliverQuietly(new StreamEvent.Error(failure.getMessage()));
            deliverQuietly(StreamEvent.END);
            return Optional.of(failure);
        }
        deliverQuietly(StreamEvent.END);
        return Optional.empty();
    }

    private void deliverQuietly(StreamEvent event) {
        try {
            sink.accept(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stream sink failed on a " + event.name() + " event; dropped", e);
        }
    }
}
