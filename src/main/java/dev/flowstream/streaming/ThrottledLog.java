package dev.flowstream.streaming;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning that clients can cause over and over (a library failing on each bad connection, say)
 * written at most once per interval, with how many were left out since: a flood of bad input must
 * cost the log a line a minute, not a line a request.
 *
 * <p>Threading: thread-safe and lock-free; logging failures (out of memory, say) are swallowed.
 */
public final class ThrottledLog {

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger logger, Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} at WARNING (with {@code failure} at FINE) unless one went out within the interval. */
    public void warn(Supplier<String> message, Throwable failure) {
        try {
            long now = System.nanoTime();
            long allowed = nextAllowed.get();
            if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
                suppressed.incrementAndGet();
                if (logger.isLoggable(Level.FINE)) logger.logp(Level.FINE, logger.getName(), null, message.get(), failure);
                return;
            }
            long left = suppressed.getAndSet(0);
            logger.logp(Level.WARNING, logger.getName(), null, message.get() + (failure == null ? "" : ": " + failure)
                    + (left == 0 ? "" : " (" + left + " more like it since the last report)"));
            if (failure != null) logger.logp(Level.FINE, logger.getName(), null, "details", failure);
        } catch (Throwable ignored) {
            // the caller (a timer, a writer) must go on whatever the log does
        }
    }
}
