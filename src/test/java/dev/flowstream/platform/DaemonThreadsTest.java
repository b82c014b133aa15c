package dev.flowstream.platform;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping a pool waits for its threads to be gone, not just for its tasks to end. */
class DaemonThreadsTest {

    @Test
    void stop_returns_once_every_thread_the_pool_started_has_ended() throws Exception {
        DaemonThreads factory = DaemonThreads.named("test-pool");
        ExecutorService pool = Executors.newFixedThreadPool(3, factory);
        List<Thread> seen = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
                seen.add(Thread.currentThread());
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));

        assertTrue(factory.stop(pool, Duration.ofSeconds(5)));
        assertTrue(seen.stream().noneMatch(Thread::isAlive), seen.toString());
        assertTrue(seen.stream().allMatch(thread -> thread.isDaemon() && thread.getName().startsWith("test-pool-")));
    }

    @Test
    void stop_reports_a_thread_that_ignores_interrupts() throws Exception {
        DaemonThreads factory = DaemonThreads.named("stubborn");
        ExecutorService pool = Executors.newSingleThreadExecutor(factory);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.MILLISECONDS)) return;
                } catch (InterruptedException ignored) {
                    // keeps running, as a call that swallows interrupts would
                }
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));

        assertFalse(factory.stop(pool, Duration.ofMillis(200)));
        release.countDown();
        assertTrue(factory.stop(pool, Duration.ofSeconds(5)));
    }
}
