package dev.flowstream.chatflow.catalog;

import dev.flowstream.platform.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a check of the chatflows directory at a fixed delay on one daemon thread named
 * {@value #THREAD}. Polls rather than using a WatchService, which misses events on some file
 * systems (NFS, container volume mounts). A check that throws is logged and the next one still runs.
 *
 * <p>Threading: checks never overlap; {@link #close} stops the thread, waits briefly for a check in
 * progress, and is idempotent.
 */
final class ChatflowWatcher implements AutoCloseable {

    static final String THREAD = "flowstream-chatflow-reload";
    private static final Logger LOG = Logger.getLogger(ChatflowWatcher.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final DaemonThreads threads = DaemonThreads.named(THREAD);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads);

    private ChatflowWatcher() {
    }

    /** Runs {@code check} every {@code interval} (after the previous one ended), from now on. */
    static ChatflowWatcher start(Duration interval, Runnable check) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        ChatflowWatcher watcher = new ChatflowWatcher();
        long millis = Math.max(1, interval.toMillis());
        watcher.scheduler.scheduleWithFixedDelay(() -> safely(check), millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    private static void safely(Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checking the chatflows directory failed; trying again at the next check", e);
        }
    }

    @Override
    public void close() {
        if (!threads.stop(scheduler, Duration.ofSeconds(CLOSE_WAIT_SECONDS))) {
            LOG.warning("the " + THREAD + " thread is still loading a chatflow; it stops when that ends");
        }
    }
}
