package dev.flowstream.streaming;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link Outbox}'s bytes offered and not yet done, and the rule that tells a slow peer from a
 * busy writer: while the writer waits for the transport to take an item, the bytes offered since
 * it handed that item over are what the peer has not taken, bounded by {@code maxBytes}; a backlog
 * that built up while the writer itself was behind only has to stay under the memory bound,
 * {@code maxBytes + }{@link Outbox#LAG_ALLOWANCE_BYTES}.
 *
 * <p>Threading: lock-free; {@link #tryAdd} from any thread, the rest from the outbox's writer.
 */
final class Backlog {

    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;
    /** The item last handed to the writer; while the transport holds it, offers count against the peer. */
    private volatile Handover handedOver;

    Backlog(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Counts {@code size} more bytes; false (nothing counted) when they would mean dropping the peer. */
    boolean tryAdd(long size) {
        long before = bytes.getAndAdd(size);
        if (!tooFarBehind(before, size)) return true;
        bytes.addAndGet(-size);
        return false;
    }

    void release(long size) {
        bytes.addAndGet(-size);
    }

    long bytes() {
        return bytes.get();
    }

    /** The handover of an item of {@code size} bytes to the writer, remembered for the rule above. */
    Handover handOver(Outbox<?> outbox, long size) {
        Handover handover = new Handover(outbox, size, bytes.get());
        handedOver = handover;
        return handover;
    }

    private boolean tooFarBehind(long before, long size) {
        if (before <= 0) return false; // a lone item larger than the bound still goes
        if (before + size > maxBytes + Outbox.LAG_ALLOWANCE_BYTES) return true;
        Handover held = handedOver;
        if (held == null || !held.heldByTransport()) return false;
        long notTaken = before - held.backlogAtHandOver;
        return notTaken > 0 && notTaken + size > maxBytes;
    }
}
