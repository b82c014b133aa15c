package dev.flowstream.streaming;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One item an {@link Outbox} handed to its writer, and the writer's {@code done} for it: tells the
 * drain loop whether the writer finished inline (keep looping) or will call back (resume later),
 * and whether the transport still holds the item (what the peer has not taken). One object per
 * written item, so the two flags share one atomic word.
 *
 * <p>Threading: {@link #run} may come from any thread, once; the flags are atomic.
 */
@SuppressWarnings("serial") // never serialised
final class Handover extends AtomicInteger implements Runnable {

    private static final int DONE = 1;
    private static final int RETURNED = 2;

    private final Outbox<?> outbox;
    private final long size;
    /** The backlog when the item went to the writer: what was queued already is our lag, not the peer's. */
    final long backlogAtHandOver;

    Handover(Outbox<?> outbox, long size, long backlogAtHandOver) {
        this.outbox = outbox;
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
        outbox.released(size);
        if ((before & RETURNED) != 0) outbox.resumeDrain();
    }

    /** True when the writer returned before running {@code done}: the callback will resume. */
    boolean returnedBeforeDone() {
        return (getAndAccumulate(RETURNED, (state, bit) -> state | bit) & DONE) == 0;
    }
}
