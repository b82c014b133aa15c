package dev.flowstream.chatflow.node;

import dev.flowstream.platform.DaemonThreads;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks running model streams for silence on one shared daemon thread named
 * {@code flowstream-chatflow-watchdog}. A watched stream is checked once per deadline, not per
 * token, so the token path pays nothing but a timestamp.
 *
 * <p>Threading: {@link #watch} and {@link Watch#stop} may be called from any thread; checks run
 * on the watchdog thread. {@link #close} is idempotent.
 */
public final class StallWatchdog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StallWatchdog.class.getName());

    /** Something that can go silent. */
    public interface Watched {
        /** Nanoseconds until it should be checked again, or empty when it is over (or just timed out). */
        OptionalLong check(long nowNanos);
    }

    private final ScheduledThreadPoolExecutor scheduler;
    private final DaemonThreads threads = DaemonThreads.named("flowstream-chatflow-watchdog");

    public StallWatchdog() {
        scheduler = new ScheduledThreadPoolExecutor(1, threads);
        // finished streams stop their watch; without this their dead checks would pile up in the queue
        scheduler.setRemoveOnCancelPolicy(true);
    }

    public Watch watch(Watched target, long firstCheckNanos) {
        Watch watch = new Watch(target);
        watch.schedule(firstCheckNanos);
        return watch;
    }

    @Override
    public void close() {
        threads.stop(scheduler, Duration.ofSeconds(5));
    }

    /** One watched stream. */
    public final class Watch {
        private final Watched target;
        private volatile ScheduledFuture<?> next;
        private volatile boolean stopped;

        private Watch(Watched target) {
            this.target = target;
        }

        public void stop() {
            stopped = true;
            ScheduledFuture<?> pending = next;
            if (pending != null) pending.cancel(false);
        }

        private void schedule(long delayNanos) {
            if (stopped) return;
            try {
                next = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.fine("watchdog is closed; stream left unwatched");
            }
        }

        private void check() {
            if (stopped) return;
            try {
                target.check(System.nanoTime()).ifPresent(this::schedule);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stall check failed; stream left unwatched", e);
            }
        }
    }
}
