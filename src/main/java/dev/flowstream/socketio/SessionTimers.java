package dev.flowstream.socketio;

import dev.flowstream.streaming.ThrottledLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The one timer thread of engine.io and socket.io, owned by us so a closed connection leaves
 * nothing behind. The libraries schedule per-connection timers (the ping, the ping timeout, the
 * socket.io connect timeout) and cancel only some of them when a connection closes; each holds its
 * connection, so under connect/close churn every closed connection stayed reachable for up to 45 s.
 *
 * <p>Each timer is charged to the {@link Session} current on the thread that scheduled it: our code
 * runs every call into the libraries that concerns a connection inside {@link #runAs}, and a timer
 * runs inside its own session. Closing a session cancels its timers, and a cancelled timer leaves
 * the queue at once. A timer that throws, even an {@link Error}, is logged and the thread goes on.
 *
 * <p>Threading: {@code schedule} and {@link #runAs} from any thread; sessions are thread-safe.
 */
final class SessionTimers extends ScheduledThreadPoolExecutor {

    private static final ThrottledLog FAILURES =
            new ThrottledLog(Logger.getLogger(SessionTimers.class.getName()), Duration.ofMinutes(1));
    /** Beyond this many remembered timers a session forgets the ones that already ran or were cancelled. */
    private static final int PRUNE_AT = 8;
    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    SessionTimers(ThreadFactory threads) {
        super(1, threads);
        setRemoveOnCancelPolicy(true);
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The timers of one engine.io connection. */
    static final class Session {
        private final List<ScheduledFuture<?>> timers = new ArrayList<>(4); // guarded by this
        private boolean closed;                                               // guarded by this

        /** Cancels every timer of this session, now and from now on. Idempotent. */
        void close() {
            List<ScheduledFuture<?>> cancelled;
            synchronized (this) {
                closed = true;
                cancelled = List.copyOf(timers);
                timers.clear();
            }
            cancelled.forEach(timer -> timer.cancel(false));
        }

        /** False when the session is closed: the timer was not kept and must be cancelled. */
        private synchronized boolean keep(ScheduledFuture<?> timer) {
            if (closed) return false;
            if (timers.size() >= PRUNE_AT) timers.removeIf(ScheduledFuture::isDone);
            timers.add(timer);
            return true;
        }
    }

    /** A call into the libraries; may throw what the library call throws. */
    @FunctionalInterface
    interface Call<X extends Exception> {
        void run() throws X;
    }

    /** Runs {@code call} with {@code session} (may be null: nobody) charged for any timer it schedules. */
    static <X extends Exception> void runAs(Session session, Call<X> call) throws X {
        Session previous = CURRENT.get();
        CURRENT.set(session);
        try {
            call.run();
        } finally {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        }
    }

    /** The session charged on this thread now; empty outside {@link #runAs}. */
    static Optional<Session> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Session session = CURRENT.get();
        ScheduledFuture<?> timer = super.schedule(new Guarded(session, command), delay, unit);
        if (session != null && !session.keep(timer)) timer.cancel(false);
        return timer;
    }

    /** A timer that runs inside its session and never lets a failure reach the thread. */
    private record Guarded(Session session, Runnable command) implements Runnable {
        @Override
        public void run() {
            try {
                runAs(session, command::run);
            } catch (Throwable failure) { // the timer thread serves every connection: it must survive
                FAILURES.warn(() -> "an engine.io timer failed", failure);
            }
        }
    }
}
