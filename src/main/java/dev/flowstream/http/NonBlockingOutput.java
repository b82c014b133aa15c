package dev.flowstream.http;

import dev.flowstream.streaming.Outbox;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.WriteListener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The body of one asynchronous response, written through the servlet's non-blocking
 * {@link WriteListener}: a client that reads slowly, or not at all, never holds a thread. Chunks
 * queue in an {@link Outbox} bounded in bytes; a client further behind than the bound is shed:
 * its response is ended and what it has not taken is dropped.
 *
 * <p>Threading: {@link #offer} and {@link #end} may be called from any thread and never block.
 * Chunks are written, and the exchange completed, only on {@code executor} (ours): never on a
 * container I/O thread, which may be the one that reports a socket's last send. The caller sets
 * status and headers before the first {@link #offer}.
 */
public final class NonBlockingOutput {

    private static final Logger LOG = Logger.getLogger(NonBlockingOutput.class.getName());

    private final Executor executor;
    private final Outbox<byte[]> outbox;
    private final ListenerSink sink;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean ending = new AtomicBoolean();

    public NonBlockingOutput(AsyncContext context, Executor executor, long maxBacklogBytes) {
        this.executor = executor;
        this.sink = new ListenerSink(context, this::onOurThread, this::gone);
        this.outbox = new Outbox<>(executor, maxBacklogBytes, chunk -> chunk.length, sink::write, this::shed);
        context.addListener(new Gone());
    }

    /** Queues a chunk; false when the client is gone or was shed (the chunk is dropped). */
    public boolean offer(byte[] chunk) {
        return outbox.offer(chunk);
    }

    /** Whether the response still takes chunks. */
    public boolean isOpen() {
        return !outbox.isClosed();
    }

    /**
     * Completes the exchange once every chunk offered so far has been handed to the container (at
     * once, if the client is gone or shed). Idempotent; the stage completes when the exchange is.
     */
    public CompletionStage<Void> end() {
        if (ending.compareAndSet(false, true)) {
            outbox.drained().whenComplete((done, failure) -> onOurThread(this::complete));
        }
        return ended;
    }

    private void shed() {
        LOG.fine("client fell too far behind its response; ending it");
        end();
    }

    private void complete() {
        try {
            sink.complete();
        } finally {
            ended.complete(null);
        }
    }

    private void onOurThread(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            task.run();
        }
    }

    private void gone(Throwable failure) {
        LOG.log(Level.FINE, "client went away during the response", failure);
        outbox.close();
        end();
    }

    /** Client disconnects the container notices outside of a write. */
    private final class Gone implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            outbox.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            gone(event.getThrowable());
        }

        @Override
        public void onError(AsyncEvent event) {
            gone(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not re-registered: one exchange, one output
        }
    }
}
