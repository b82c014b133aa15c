package dev.flowstream.streaming;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void items_from_one_thread_are_written_in_order() throws Exception {
        List<Integer> written = new CopyOnWriteArrayList<>();
        Outbox<Integer> outbox = new Outbox<>(executor, 1 << 20, i -> 4, (item, done) -> {
            written.add(item);
            done.run();
        }, () -> { });
        IntStream.range(0, 10_000).forEach(outbox::offer);
        outbox.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(IntStream.range(0, 10_000).boxed().toList(), written);
    }

    @Test
    void the_writer_never_runs_concurrently_even_with_many_offering_threads() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        ExecutorService completer = Executors.newSingleThreadExecutor();
        Outbox<Integer> outbox = new Outbox<>(executor, 1 << 24, i -> 4, (item, done) -> {
            if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
            count.incrementAndGet();
            inside.decrementAndGet();
            if (item % 2 == 0) done.run();
            else completer.execute(done); // asynchronous completion, as a websocket send handler does
        }, () -> { });
        CountDownLatch offered = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            new Thread(() -> {
                IntStream.range(0, 2_000).forEach(outbox::offer);
                offered.countDown();
            }).start();
        }
        assertTrue(offered.await(10, TimeUnit.SECONDS));
        outbox.drained().toCompletableFuture().get(10, TimeUnit.SECONDS);
        completer.shutdown();
        assertEquals(0, overlaps.get());
        assertEquals(16_000, count.get());
    }

    @Test
    void a_peer_that_takes_nothing_overflows_once_the_bound_has_piled_up_behind_its_send() throws Exception {
        AtomicInteger overflows = new AtomicInteger();
        Outbox<String> outbox = new Outbox<>(Runnable::run, 100, String::length, (item, done) -> { /* stalled peer */ },
                overflows::incrementAndGet);
        assertTrue(outbox.offer("x".repeat(60)), "handed to the transport, which keeps it");
        assertTrue(outbox.offer("x".repeat(50)));
        assertTrue(outbox.offer("x".repeat(50)), "100 bytes not taken: at the bound, not past it");
        assertFalse(outbox.offer("y"));
        assertFalse(outbox.offer("y"), "closed");
        assertEquals(1, overflows.get());
        assertTrue(outbox.isClosed());
        outbox.drained().toCompletableFuture().get(1, TimeUnit.SECONDS);
    }

    @Test
    void a_burst_the_writer_has_not_reached_yet_is_not_held_against_the_peer() throws Exception {
        List<Runnable> drainTasks = new CopyOnWriteArrayList<>();
        List<Integer> written = new CopyOnWriteArrayList<>();
        AtomicInteger overflows = new AtomicInteger();
        Outbox<Integer> outbox = new Outbox<>(drainTasks::add, 100, i -> 10, (item, done) -> {
            written.add(item);
            done.run();
        }, overflows::incrementAndGet);
        // the writer thread has not run yet (a busy machine): ten times the bound queues up
        IntStream.range(0, 100).forEach(i -> assertTrue(outbox.offer(i)));
        drainTasks.get(0).run();
        assertEquals(0, overflows.get());
        assertEquals(IntStream.range(0, 100).boxed().toList(), written);
    }

    @Test
    void a_transport_that_keeps_taking_is_not_a_slow_peer_however_long_the_queue_behind_it() throws Exception {
        List<Runnable> drainTasks = new CopyOnWriteArrayList<>();
        java.util.concurrent.BlockingQueue<Runnable> completions = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Integer> written = new CopyOnWriteArrayList<>();
        AtomicInteger overflows = new AtomicInteger();
        Outbox<Integer> outbox = Outbox.forAsyncWriter(drainTasks::add, 100, i -> 10, (item, done) -> {
            written.add(item);
            completions.add(done);
        }, overflows::incrementAndGet);
        IntStream.range(0, 100).forEach(i -> assertTrue(outbox.offer(i)));
        drainTasks.get(0).run();
        // each send is held by the transport for a while, and a few more items come in meanwhile
        for (int next = 100; next < 200; next += 5) {
            for (int i = next; i < next + 5; i++) assertTrue(outbox.offer(i), "offer " + i);
            completions.take().run();
        }
        while (written.size() < 200 || !completions.isEmpty()) {
            Runnable done = completions.poll(1, TimeUnit.SECONDS);
            if (done == null) break;
            done.run();
        }
        outbox.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0, overflows.get());
        assertEquals(IntStream.range(0, 200).boxed().toList(), written);
    }

    @Test
    void memory_stays_bounded_when_the_writer_never_catches_up() {
        AtomicInteger overflows = new AtomicInteger();
        Outbox<Integer> outbox = new Outbox<>(task -> { /* the writer never gets to run */ }, 100, i -> 1024,
                (item, done) -> done.run(), overflows::incrementAndGet);
        long limit = (100 + Outbox.LAG_ALLOWANCE_BYTES) / 1024;
        for (int i = 0; i < limit; i++) assertTrue(outbox.offer(i), "offer " + i);
        assertFalse(outbox.offer(-1));
        assertEquals(1, overflows.get());
        assertTrue(outbox.backlogBytes() <= 100 + Outbox.LAG_ALLOWANCE_BYTES);
    }

    @Test
    void a_single_item_larger_than_the_bound_still_goes_when_nothing_is_queued() {
        List<String> written = new CopyOnWriteArrayList<>();
        Outbox<String> outbox = new Outbox<>(Runnable::run, 10, String::length, (item, done) -> {
            written.add(item);
            done.run();
        }, () -> { });
        assertTrue(outbox.offer("x".repeat(50)));
        assertEquals(1, written.size());
        assertEquals(0, outbox.backlogBytes());
    }

    @Test
    void drained_waits_for_an_asynchronous_write_to_finish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService completer = Executors.newSingleThreadExecutor();
        Outbox<String> outbox = new Outbox<>(executor, 1000, String::length, (item, done) -> completer.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.run();
        }), () -> { });
        outbox.offer("slow");
        var drained = outbox.drained().toCompletableFuture();
        Thread.sleep(50);
        assertFalse(drained.isDone());
        release.countDown();
        drained.get(5, TimeUnit.SECONDS);
        completer.shutdown();
    }

    @Test
    void an_async_writer_continues_on_the_thread_that_reported_completion() throws Exception {
        List<Runnable> drainTasks = new CopyOnWriteArrayList<>();
        java.util.concurrent.BlockingQueue<Runnable> completions = new java.util.concurrent.LinkedBlockingQueue<>();
        List<String> writerThreads = new CopyOnWriteArrayList<>();
        List<Integer> written = new CopyOnWriteArrayList<>();
        Outbox<Integer> outbox = Outbox.forAsyncWriter(drainTasks::add, 1 << 20, i -> 4, (item, done) -> {
            writerThreads.add(Thread.currentThread().getName());
            written.add(item);
            completions.add(done); // reported later, by the "I/O thread" below, as a container does
        }, () -> { });
        IntStream.range(0, 20).forEach(outbox::offer);
        assertEquals(1, drainTasks.size());
        drainTasks.get(0).run();
        Thread io = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                try {
                    completions.take().run();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "io-thread");
        io.start();
        io.join(5000);
        outbox.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(IntStream.range(0, 20).boxed().toList(), written);
        assertEquals(1, drainTasks.size(), "no hand-off back to the executor");
        assertTrue(writerThreads.subList(1, writerThreads.size()).stream().allMatch("io-thread"::equals),
                writerThreads.toString());
    }

    @Test
    void a_writer_feeding_another_outbox_drains_it_inline_but_a_plain_caller_never_does() throws Exception {
        List<String> innerThreads = new CopyOnWriteArrayList<>();
        Outbox<Integer> inner = new Outbox<>(executor, 1 << 20, i -> 4, (item, done) -> {
            innerThreads.add(Thread.currentThread().getName());
            done.run();
        }, () -> { });
        List<String> outerThreads = new CopyOnWriteArrayList<>();
        Outbox<Integer> outer = new Outbox<>(executor, 1 << 20, i -> 4, (item, done) -> {
            outerThreads.add(Thread.currentThread().getName());
            inner.offer(item);
            done.run();
        }, () -> { });
        String caller = Thread.currentThread().getName();
        IntStream.range(0, 50).forEach(outer::offer);
        outer.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        inner.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(50, innerThreads.size());
        assertTrue(innerThreads.stream().noneMatch(caller::equals));
        assertTrue(outerThreads.containsAll(innerThreads), "inner writes ran on the outer writer's threads");
    }
}
