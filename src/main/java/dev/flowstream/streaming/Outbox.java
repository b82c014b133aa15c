package dev.flowstream.streaming;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * One connection's outbound queue: bounded in bytes, written by exactly one writer at a time, off
 * the callers' threads.
 *
 * <p>Threading: {@link #offer} may be called from any thread and never blocks. Items reach the
 * {@link Writer} in the order they were offered (per offering thread; offers ordered among
 * themselves stay ordered). The writer is never called concurrently with itself; it may finish an
 * item synchronously or later, from any thread, by running the {@code done} callback once. The
 * queue drains on the executor, or inline when the offering thread is itself an outbox writer (one
 * queue feeding the next), never on a thread that is not a writer.
 *
 * <p>A peer further behind than {@code maxBytes} (what counts is {@link Backlog}'s rule) closes the
 * outbox, which runs {@code onOverflow} once: a slow peer is dropped instead of slowing anyone
 * else. A writer that blocks inside {@code write} cannot be told from one that lags.
 */
public final class Outbox<T> {

    /** Writes one item; must run {@code done} exactly once when the item has left, or failed. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T item, Runnable done);
    }

    /**
     * How far the backlog may run ahead of a writer that is not waiting for its peer, on top of
     * {@code maxBytes}: on a busy machine a fast model burst gets hundreds of KiB ahead of the
     * writer threads (measured: up to 370 KB for 20,000 tokens on two loaded cores).
     */
    public static final long LAG_ALLOWANCE_BYTES = 1 << 20;

    /** True while this thread runs some outbox's drain loop: it is a writer, not a caller to protect. */
    private static final ThreadLocal<Boolean> WRITING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<Void>> drainWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Executor executor;
    private final Backlog backlog;
    private final ToLongFunction<T> sizer;
    private final Writer<T> writer;
    private final Runnable onOverflow;
    private final boolean resumeOnCompletingThread;

    public Outbox(Executor executor, long maxBytes, ToLongFunction<T> sizer, Writer<T> writer,
                  Runnable onOverflow) {
        this(executor, maxBytes, sizer, writer, onOverflow, false);
    }

    private Outbox(Executor executor, long maxBytes, ToLongFunction<T> sizer, Writer<T> writer,
                   Runnable onOverflow, boolean resumeOnCompletingThread) {
        this.resumeOnCompletingThread = resumeOnCompletingThread;
        this.executor = executor;
        this.backlog = new Backlog(maxBytes);
        this.sizer = sizer;
        this.writer = writer;
        this.onOverflow = onOverflow;
    }

    /**
     * An outbox for a writer that never blocks and completes later (a container's asynchronous
     * send): the thread that reports completion (the container's I/O thread) writes the next item
     * at once, instead of handing it back to the executor: one thread hand-off less per frame.
     */
    public static <T> Outbox<T> forAsyncWriter(Executor executor, long maxBytes, ToLongFunction<T> sizer,
                                               Writer<T> writer, Runnable onOverflow) {
        return new Outbox<>(executor, maxBytes, sizer, writer, onOverflow, true);
    }

    /** Queues the item; false when the outbox is closed or this item overflowed it. */
    public boolean offer(T item) {
        if (closed.get()) return false;
        if (!backlog.tryAdd(sizer.applyAsLong(item))) {
            overflow();
            return false;
        }
        queue.add(item);
        scheduleDrain();
        return true;
    }

    /** Completes once the queue is empty and nothing is being written (or the outbox closed). */
    public CompletionStage<Void> drained() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        drainWaiters.add(waiter);
        releaseWaitersIfIdle();
        return waiter;
    }

    public long backlogBytes() {
        return backlog.bytes();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Drops what is queued; idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            releaseWaiters();
        }
    }

    private void overflow() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            releaseWaiters();
            onOverflow.run();
        }
    }

    private void scheduleDrain() {
        if (!draining.compareAndSet(false, true)) return;
        if (WRITING.get()) {
            // A writer feeding the next queue down (socket events into a websocket's frames):
            // draining here saves a thread hand-off per token and still never runs on a caller's thread.
            drain();
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            draining.set(false);
            close();
        }
    }

    private void drain() {
        boolean outermost = !WRITING.get();
        WRITING.set(Boolean.TRUE);
        try {
            drainLoop();
        } finally {
            if (outermost) WRITING.set(Boolean.FALSE);
        }
    }

    private void drainLoop() {
        while (!closed.get()) {
            T item = queue.poll();
            if (item == null) {
                draining.set(false);
                releaseWaitersIfIdle();
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) return;
                continue;
            }
            Handover completion = backlog.handOver(this, sizer.applyAsLong(item));
            try {
                writer.write(item, completion);
            } catch (RuntimeException e) {
                completion.run();
            }
            if (completion.returnedBeforeDone()) return;
        }
        draining.set(false);
        releaseWaiters();
    }

    private void releaseWaitersIfIdle() {
        if (closed.get() || (queue.isEmpty() && !draining.get())) releaseWaiters();
    }

    private void releaseWaiters() {
        CompletableFuture<Void> waiter;
        while ((waiter = drainWaiters.poll()) != null) waiter.complete(null);
    }

    /** An item's bytes left the backlog (its writer ran {@code done}). */
    void released(long bytes) {
        backlog.release(bytes);
    }

    /** A writer that returned before its item was done called back: the drain goes on from here. */
    void resumeDrain() {
        if (resumeOnCompletingThread) {
            drain();
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            draining.set(false);
            close();
        }
    }
}
