package dev.flowstream.streaming;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>What counts as a slow peer: while the writer waits for the transport to take an item (it
 * returned before running {@code done}), the bytes offered since it handed that item over are what
 * the peer has not taken; when they would pass {@code maxBytes}, the outbox closes and runs
 * {@code onOverflow} once, so a slow peer is dropped instead of slowing anyone else. A backlog that
 * built up while the writer itself was behind (a burst faster than our threads, a busy CPU) is not
 * the peer's doing and only has to stay under {@code maxBytes + }{@link #LAG_ALLOWANCE_BYTES}, the
 * memory bound. A writer that blocks inside {@code write} cannot be told from one that lags.
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
    private final AtomicLong backlogBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The item last handed to the writer; while the transport holds it, offers count against the peer. */
    private volatile Completion handedOver;
    private final Executor executor;
    private final long maxBytes;
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
        this.maxBytes = maxBytes;
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
        long size = sizer.applyAsLong(item);
        long before = backlogBytes.getAndAdd(size);
        if (tooFarBehind(before, size)) {
            backlogBytes.addAndGet(-size);
            overflow();
            return false;
        }
        queue.add(item);
        scheduleDrain();
        return true;
    }

    /** Whether queueing {@code size} more bytes onto {@code before} means dropping the peer. */
    private boolean tooFarBehind(long before, long size) {
        if (before <= 0) return false; // a lone item larger than the bound still goes
        if (before + size > maxBytes + LAG_ALLOWANCE_BYTES) return true;
        Completion held = handedOver;
        if (held == null || !held.heldByTransport()) return false;
        long notTaken = before - held.backlogAtHandOver;
        return notTaken > 0 && notTaken + size > maxBytes;
    }

    /** Completes once the queue is empty and nothing is being written (or the outbox closed). */
    public CompletionStage<Void> drained() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        drainWaiters.add(waiter);
        releaseWaitersIfIdle();
        return waiter;
    }

    public long backlogBytes() {
        return backlogBytes.get();
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
            Completion completion = new Completion(sizer.applyAsLong(item), backlogBytes.get());
            handedOver = completion;
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

    /**
     * Tells the drain loop whether the writer finished inline (keep looping) or will call back.
     * One object per written item, so the two flags share one atomic word.
     */
    @SuppressWarnings("serial") // never serialised
    private final class Completion extends AtomicInteger implements Runnable {
        private static final int DONE = 1, RETURNED = 2;
        private final long size;
        /** The backlog when the item went to the writer: what was queued already is our lag, not the peer's. */
        final long backlogAtHandOver;

        Completion(long size, long backlogAtHandOver) {
            this.size = size;
            this.backlogAtHandOver = backlogAtHandOver;
        }

        /** The writer has returned and the item is still not done: the transport has not taken it. */
        boolean heldByTransport() {
            return get() == RETURNED;
        }

        @Override
        public void run() {
            int before = getAndAccumulate(DONE, (state, bit) -> state | bit);
            if ((before & DONE) != 0) return; // a second call: the writer broke its contract
            backlogBytes.addAndGet(-size);
            if ((before & RETURNED) != 0) resumeDrain();
        }

        /** True when the writer returned before running {@code done}: the callback will resume. */
        boolean returnedBeforeDone() {
            return (getAndAccumulate(RETURNED, (state, bit) -> state | bit) & DONE) == 0;
        }

        private void resumeDrain() {
            if (resumeOnCompletingThread) {
                drain();
                return;
            }
            try {
                executor.execute(Outbox.this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                draining.set(false);
                close();
            }
        }
    }
}
