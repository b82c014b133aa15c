package dev.flowstream.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The container side of a {@link NonBlockingOutput}: writes one chunk at a time (its outbox
 * guarantees that) through the servlet's {@link WriteListener}. A chunk is written and flushed only
 * while {@code isReady()}; when it is not, the container calls {@link #onWritePossible} later and
 * the chunk goes on from there. The chunk's {@code done} runs only once the container took it, so
 * the outbox's backlog is what the client has not taken.
 *
 * <p>Threading: {@link #write} runs on our threads, {@link #onWritePossible} and {@link #onError}
 * on the container's; the state is guarded by this object, and callbacks run outside the lock.
 */
final class ListenerSink implements WriteListener {

    private final AsyncContext context;
    private final Executor ours;
    private final Consumer<Throwable> gone;
    private ServletOutputStream out;  // guarded by this
    private byte[] pending;           // guarded by this
    private boolean flushPending;     // guarded by this
    private Runnable done;            // guarded by this
    private boolean completed;        // guarded by this

    /**
     * @param ours where a failed write is reported, off the container's thread
     * @param gone told once the client is gone (a write failed or the container reported an error)
     */
    ListenerSink(AsyncContext context, Executor ours, Consumer<Throwable> gone) {
        this.context = context;
        this.ours = ours;
        this.gone = gone;
    }

    void write(byte[] chunk, Runnable chunkDone) {
        boolean first;
        synchronized (this) {
            if (completed) {
                chunkDone.run(); // the exchange is over: nothing more goes out
                return;
            }
            pending = chunk;
            flushPending = false;
            done = chunkDone;
            first = out == null;
        }
        if (!first) {
            advance();
            return;
        }
        try {
            ServletOutputStream stream = context.getResponse().getOutputStream();
            synchronized (this) {
                out = stream;
            }
            stream.setWriteListener(this); // the container calls onWritePossible first
        } catch (IOException | RuntimeException e) {
            onError(e);
        }
    }

    @Override
    public void onWritePossible() {
        advance();
    }

    @Override
    public void onError(Throwable failure) {
        Runnable finished;
        synchronized (this) {
            finished = done;
            done = null;
            pending = null;
            flushPending = false;
        }
        gone.accept(failure);
        if (finished != null) finished.run();
    }

    /**
     * Completes the exchange; no write starts after it, and none is under way while it runs: a
     * write of ours racing the container's completion on its I/O thread could leave the response
     * half closed, its connection open and silent. What is still unwritten is dropped.
     */
    void complete() {
        Runnable finished;
        synchronized (this) {
            if (completed) return;
            completed = true;
            pending = null;
            flushPending = false;
            finished = done;
            done = null;
            try {
                context.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container ended the exchange first (client gone): nothing left to do
            }
        }
        if (finished != null) finished.run();
    }

    private void advance() {
        Runnable finished;
        synchronized (this) {
            if (completed) return;
            try {
                while (pending != null || flushPending) {
                    if (!out.isReady()) return; // the container calls onWritePossible when it can take more
                    if (pending != null) {
                        out.write(pending);
                        pending = null;
                        flushPending = true;
                    } else {
                        out.flush();
                        flushPending = false;
                    }
                }
            } catch (IOException | RuntimeException e) {
                ours.execute(() -> onError(e));
                return;
            }
            finished = done;
            done = null;
        }
        if (finished != null) finished.run();
    }
}
