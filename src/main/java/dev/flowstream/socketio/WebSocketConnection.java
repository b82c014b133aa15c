package dev.flowstream.socketio;

import dev.flowstream.streaming.Outbox;
import io.socket.engineio.server.EngineIoWebSocket;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * engine.io's view of one Jakarta WebSocket session.
 *
 * <p>Threading: engine.io writes from any thread (our socket writers, its ping timer). Every frame
 * goes through one {@link Outbox} with at most one asynchronous send in flight, because Tomcat's
 * async remote accepts one outstanding message and loses or rejects the rest
 * ({@code TEXT_FULL_WRITING}); Jetty and Undertow are correct with the same discipline. A peer
 * whose backlog passes the byte bound is closed from another thread.
 */
final class WebSocketConnection extends EngineIoWebSocket {

    private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());
    /** Queued behind the last frames, so a graceful close still delivers them (e.g. a disconnect packet). */
    private static final Object CLOSE = new Object();

    private final Session session;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final Executor executor;
    private final Outbox<Object> outbox;
    private volatile boolean closing;
    /** True until the first frame of a protocol 4 websocket handshake (no sid: a new session) went out. */
    private volatile boolean announcing;
    private final int maxPayload;
    /** Charged for the timers engine.io schedules while it handles this connection's frames. */
    private volatile SessionTimers.Session timers;

    WebSocketConnection(Session session, Map<String, String> query, Map<String, List<String>> headers,
                        Executor executor, long maxBacklogBytes, int maxPayload) {
        this.session = session;
        this.maxPayload = maxPayload;
        this.announcing = "4".equals(query.get("EIO")) && !query.containsKey("sid");
        this.query = query;
        this.headers = headers;
        this.executor = executor;
        this.outbox = Outbox.forAsyncWriter(executor, maxBacklogBytes, WebSocketConnection::size, this::send,
                this::closeSlowPeer);
    }

    /** Completes when every frame queued so far has been sent. */
    CompletionStage<Void> drained() {
        return outbox.drained();
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) throws IOException {
        offer(announcing ? announce(message) : message);
    }

    /** The first frame of a websocket handshake is the open packet: it gets the {@code maxPayload} field. */
    private String announce(String message) {
        announcing = false;
        return EnginePackets.announceMaxPayload(message, maxPayload);
    }

    @Override
    public void write(byte[] message) throws IOException {
        offer(message);
    }

    /** True once engine.io asked to close this connection (it does so at once for a refused upgrade). */
    boolean closing() {
        return closing;
    }

    @Override
    public void close() {
        closing = true;
        if (!outbox.offer(CLOSE)) {
            executor.execute(() -> closeSession(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")));
        }
    }

    private void offer(Object frame) throws IOException {
        if (!outbox.offer(frame)) throw new IOException("connection closed");
    }

    private void send(Object frame, Runnable done) {
        if (frame == CLOSE) {
            // this may run on the container's I/O thread, where a blocking close must never happen
            outbox.close();
            executor.execute(() -> closeSession(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")));
        }
        if (frame == CLOSE || !session.isOpen()) {
            done.run();
            return;
        }
        SendHandler handler = result -> {
            done.run();
            if (!result.isOK()) onSendFailed(result.getException());
        };
        if (frame instanceof String text) session.getAsyncRemote().sendText(text, handler);
        else session.getAsyncRemote().sendBinary(ByteBuffer.wrap((byte[]) frame), handler);
    }

    private void onSendFailed(Throwable error) {
        LOG.log(Level.FINE, "websocket send failed; peer probably gone", error);
        outbox.close();
        emit("error", "write error", String.valueOf(error));
    }

    /** Closes the connection over a message it sent (too big, not engine.io), off the container's thread. */
    void refuse(CloseReason.CloseCode code, String reason) {
        LOG.fine(() -> "closing a websocket: " + reason);
        closing = true;
        outbox.close();
        executor.execute(() -> closeSession(new CloseReason(code, reason)));
    }

    private void closeSlowPeer() {
        executor.execute(() -> closeSession(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow")));
    }

    private void closeSession(CloseReason reason) {
        try {
            if (session.isOpen()) session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing websocket failed", e);
        }
    }

    /** Bytes on the wire: the bound is what the client has not taken, so a text frame counts as UTF-8. */
    private static long size(Object frame) {
        if (frame instanceof String text) return utf8Length(text);
        return frame instanceof byte[] bytes ? bytes.length : 0;
    }

    static long utf8Length(String text) {
        long length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) length += c < 0x800 ? 1 : 2; // a surrogate pair counts 6 for 4: close enough
        }
        return length;
    }

    void chargeTimersTo(SessionTimers.Session session) {
        timers = session;
    }

    /** Called by the endpoint: frames and lifecycle from the container. */
    void received(Object message) {
        SessionTimers.runAs(timers, () -> emit("message", message));
    }

    void closed() {
        outbox.close();
        SessionTimers.runAs(timers, () -> emit("close"));
    }

    void failed(Throwable error) {
        SessionTimers.runAs(timers, () -> emit("error", "websocket error", String.valueOf(error.getMessage())));
    }
}
