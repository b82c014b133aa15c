package dev.flowstream.socketio;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The websocket transport of engine.io, for direct connections and polling→websocket upgrades.
 * {@link WebSocketUpgrade} creates one instance per upgrade, with the request's query and headers.
 *
 * Incoming messages are assembled and checked here (size, then engine.io packet syntax) before
 * engine.io sees them; a bad one closes the connection, as the reference server does.
 *
 * <p>Threading: the container calls these methods on its own threads, one message at a time per
 * session; everything written back goes through the connection's single writer.
 */
public final class EngineIoEndpoint extends Endpoint {

    private final SocketIoRuntime runtime;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private WebSocketConnection connection;
    private IncomingFrames frames;
    private int protocol;

    EngineIoEndpoint(SocketIoRuntime runtime, Map<String, String> query, Map<String, List<String>> headers) {
        this.runtime = runtime;
        this.query = query;
        this.headers = headers;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0);
        protocol = "3".equals(query.get("EIO")) ? 3 : 4;
        int maxPayload = runtime.settings().socketIo().maxPayload();
        frames = new IncomingFrames(maxPayload);
        connection = new WebSocketConnection(session, query, headers, runtime.writers(),
                runtime.settings().socketIo().queueBytes(), maxPayload);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> take(frames.text(part, last)));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) -> take(frames.binary(part, last)));
        runtime.handleWebSocket(connection);
    }

    private void take(IncomingFrames.Outcome outcome) {
        if (connection.closing()) return; // refused already: the rest of its frames are not ours to read
        if (outcome instanceof IncomingFrames.Outcome.TooBig tooBig) {
            connection.refuse(CloseReason.CloseCodes.TOO_BIG, "message exceeds maxPayload of " + tooBig.limit() + " bytes");
        } else if (outcome instanceof IncomingFrames.Outcome.Whole whole) {
            if (valid(whole.message())) connection.received(whole.message());
            else connection.refuse(CloseReason.CloseCodes.PROTOCOL_ERROR, "invalid engine.io packet");
        }
    }

    private boolean valid(Object message) {
        return message instanceof String text
                ? EnginePackets.validText(text, protocol)
                : EnginePackets.validBinary((byte[]) message, protocol);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (connection != null) connection.closed();
    }

    @Override
    public void onError(Session session, Throwable error) {
        if (connection != null) connection.failed(error);
    }
}
