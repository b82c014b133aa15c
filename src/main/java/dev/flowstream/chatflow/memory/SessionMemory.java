package dev.flowstream.chatflow.memory;

import dev.flowstream.chatflow.ChatTurn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The conversations one memory node remembers, by chatId, bounded in two ways: a session unused
 * for the idle time-to-live is forgotten, and past the maximum number of sessions the least
 * recently used one is. Expired sessions are dropped as the store is used, so it needs no thread.
 *
 * <p>Threading: every method is synchronized; safe from any thread.
 */
final class SessionMemory {

    /** One conversation; guarded by the store's monitor. */
    private static final class Session {
        final List<ChatTurn> turns = new ArrayList<>();
        long lastUsedNanos;
    }

    private final int maxSessions;
    private final long idleNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Session> sessions;

    SessionMemory(int maxSessions, Duration idleTtl, LongSupplier clock) {
        if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        this.maxSessions = maxSessions;
        this.idleNanos = idleTtl.toNanos();
        this.clock = clock;
        // access order: the eldest entry is the least recently used one
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > SessionMemory.this.maxSessions;
            }
        };
    }

    /** The conversation so far, oldest first, when this chatId has one. */
    synchronized Optional<List<ChatTurn>> turns(String chatId) {
        long now = clock.getAsLong();
        dropIdle(now);
        Session session = sessions.get(chatId);
        if (session == null) return Optional.empty();
        session.lastUsedNanos = now;
        return Optional.of(List.copyOf(session.turns));
    }

    /** Adds one exchange; a chatId seen for the first time starts from {@code seed}. */
    synchronized void append(String chatId, List<ChatTurn> seed, List<ChatTurn> exchange) {
        long now = clock.getAsLong();
        dropIdle(now);
        Session session = sessions.get(chatId);
        if (session == null) {
            session = new Session();
            session.turns.addAll(seed);
            sessions.put(chatId, session);
        }
        session.turns.addAll(exchange);
        session.lastUsedNanos = now;
    }

    synchronized int size() {
        dropIdle(clock.getAsLong());
        return sessions.size();
    }

    /** Access order is last-use order, so the idle sessions are all at the front. */
    private void dropIdle(long now) {
        Iterator<Session> eldestFirst = sessions.values().iterator();
        while (eldestFirst.hasNext()) {
            if (now - eldestFirst.next().lastUsedNanos < idleNanos) return;
            eldestFirst.remove();
        }
    }
}
