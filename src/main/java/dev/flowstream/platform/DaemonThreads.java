package dev.flowstream.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factory for one of Flowstream's own pools: daemon threads named {@code <prefix>-N}, so a
 * thread dump (or a leak check after undeploy) shows whose they are.
 *
 * <p>Works around servlet containers that look for webapp threads left running right after an
 * undeploy (Tomcat logs each one it finds as a likely memory leak): an executor counts as
 * terminated a moment before its last thread exits, so the factory remembers the threads it made
 * and {@link #stop} waits until they have really ended.
 *
 * <p>Threading: thread-safe.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    private DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    public static DaemonThreads named(String prefix) {
        return new DaemonThreads(prefix);
    }

    @Override
    public Thread newThread(Runnable runnable) {
        made.removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
        Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /**
     * Shuts {@code pool} (built on this factory) down now and waits up to {@code patience} for its
     * threads to end. Returns false when one is still running, e.g. stuck in a call that ignores
     * interrupts. Restores the caller's interrupt flag if interrupted while waiting.
     */
    public boolean stop(ExecutorService pool, Duration patience) {
        pool.shutdownNow();
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            if (!pool.awaitTermination(patience.toNanos(), TimeUnit.NANOSECONDS)) return false;
            for (Thread thread : made) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return !thread.isAlive();
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
                if (thread.isAlive()) return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
