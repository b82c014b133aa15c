package dev.flowstream.socketio;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine.io sessions open now, by session id: the timers charged to each, and its websocket
 * once it has one (so a flush can wait for frames to leave it). A closed session leaves nothing
 * here, and its timers are cancelled: the libraries leave some scheduled, each holding the session.
 *
 * <p>Threading: thread-safe; sessions open and close on container threads and the timer thread.
 */
final class OpenSessions {

    private final Map<String, SessionTimers.Session> timers = new ConcurrentHashMap<>();
    private final Map<String, WebSocketConnection> websockets = new ConcurrentHashMap<>();

    void open(String sid, SessionTimers.Session sessionTimers, Optional<WebSocketConnection> websocket) {
        timers.put(sid, sessionTimers);
        websocket.ifPresent(connection -> websockets.put(sid, connection));
    }

    void close(String sid) {
        websockets.remove(sid);
        SessionTimers.Session closed = timers.remove(sid);
        if (closed != null) closed.close();
    }

    boolean isOpen(String sid) {
        return timers.containsKey(sid);
    }

    /** The timers of an open session; null (nobody's) for an unknown one, which the library refuses. */
    SessionTimers.Session timersOf(String sid) {
        return timers.get(sid);
    }

    /** Remembers an upgrade's websocket, never in place of another; false when the session has one. */
    boolean adopt(String sid, WebSocketConnection connection) {
        if (websockets.putIfAbsent(sid, connection) != null) return false;
        connection.on("close", args -> websockets.remove(sid, connection));
        return true;
    }

    /** Completes when the session's websocket (if it has one) has sent every frame queued so far. */
    CompletionStage<Void> drained(String sid) {
        WebSocketConnection connection = websockets.get(sid);
        return connection == null ? CompletableFuture.completedFuture(null) : connection.drained();
    }

    int count() {
        return timers.size();
    }

    int webSocketCount() {
        return websockets.size();
    }
}
