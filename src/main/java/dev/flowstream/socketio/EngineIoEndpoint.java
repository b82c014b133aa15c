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
 * <p>Threading: the container calls these methods on its own threads, one message at a time per
 * session; everything written back goes through the connection's single writer.
 */
public final class EngineIoEndpoint extends Endpoint {

    private final SocketIoRuntime runtime;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private WebSocketConnection connection;

    EngineIoEndpoint(SocketIoRuntime runtime, Map<String, String> query, Map<String, List<String>> headers) {
        this.runtime = runtime;
        this.query = query;
        this.headers = headers;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        int maxPayload = runtime.settings().socketIo().maxPayload();
        session.setMaxTextMessageBufferSize(maxPayload);
        session.setMaxBinaryMessageBufferSize(maxPayload);
        session.setMaxIdleTimeout(0);
        connection = new WebSocketConnection(session, query, headers, runtime.writers(), runtime.settings().socketIo().queueBytes());
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) connection::received);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) this::receivedBinary);
        runtime.handleWebSocket(connection);
    }

    private void receivedBinary(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        connection.received(bytes);
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
