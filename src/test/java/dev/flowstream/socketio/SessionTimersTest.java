package dev.flowstream.socketio;

import dev.flowstream.platform.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libraries' timers, charged to their session: cancelled with it, and never fatal to the timer thread. */
class SessionTimersTest {

    private final SessionTimers timers = new SessionTimers(DaemonThreads.named("test-timer"));

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void closing_a_session_cancels_its_timers_and_empties_the_queue() {
        SessionTimers.Session session = new SessionTimers.Session();
        SessionTimers.runAs(session, () -> {
            timers.schedule(() -> { }, 1, TimeUnit.HOURS);
            timers.schedule(() -> { }, 2, TimeUnit.HOURS);
        });
        timers.schedule(() -> { }, 1, TimeUnit.HOURS); // nobody's
        assertEquals(3, timers.getQueue().size());
        session.close();
        assertEquals(1, timers.getQueue().size(), "only the timer of no session is left");
    }

    @Test
    void a_timer_scheduled_for_a_closed_session_is_cancelled_at_once() {
        SessionTimers.Session session = new SessionTimers.Session();
        session.close();
        ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
        SessionTimers.runAs(session, () -> timer[0] = timers.schedule(() -> { }, 1, TimeUnit.HOURS));
        assertTrue(timer[0].isCancelled());
        assertEquals(0, timers.getQueue().size());
    }

    @Test
    void a_timer_runs_inside_its_session_so_what_it_schedules_is_charged_there_too() throws Exception {
        SessionTimers.Session session = new SessionTimers.Session();
        CountDownLatch scheduled = new CountDownLatch(1);
        SessionTimers.runAs(session, () -> timers.schedule(() -> {
            timers.schedule(() -> { }, 1, TimeUnit.HOURS); // as engine.io's ping schedules its timeout
            scheduled.countDown();
        }, 0, TimeUnit.MILLISECONDS));
        assertTrue(scheduled.await(5, TimeUnit.SECONDS));
        session.close();
        assertEquals(0, timers.getQueue().size());
    }

    @Test
    void a_timer_that_throws_even_an_error_leaves_the_thread_serving_the_others() throws Exception {
        timers.schedule(() -> {
            throw new OutOfMemoryError("simulated");
        }, 0, TimeUnit.MILLISECONDS);
        timers.schedule(() -> {
            throw new IllegalStateException("simulated");
        }, 0, TimeUnit.MILLISECONDS);
        CountDownLatch ran = new CountDownLatch(1);
        timers.schedule(ran::countDown, 10, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
    }
}
