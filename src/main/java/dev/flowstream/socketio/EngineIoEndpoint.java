package dev.flowstream.socketio;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The websocket transport of engine.io, for direct connections and polling→websocket upgrades.
 * The container creates one instance per connection through {@link EngineIoEndpointConfig}.
 *
 * <p>Threading: the container calls these methods on its own threads, one message at a time per
 * session; everything written back goes through the connection's single writer.
 */
public final class EngineIoEndpoint extends Endpoint {

    private final SocketIoRuntime runtime;
    private WebSocketConnection connection;

    EngineIoEndpoint(SocketIoRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onOpen(Session session, EndpointConfig config) {
        if (Boolean.TRUE.equals(config.getUserProperties().get(EngineIoEndpointConfig.ORIGIN_REFUSED))) {
            // a foreign page got past checkOrigin only because that cannot see the Host header:
            // it is closed before engine.io says a word
            refuse(session);
            return;
        }
        Map<String, List<String>> headers =
                (Map<String, List<String>>) config.getUserProperties().getOrDefault(EngineIoEndpointConfig.HEADERS, Map.of());
        Map<String, String> query = Queries.parse(session.getQueryString());
        int maxPayload = runtime.settings().socketIo().maxPayload();
        session.setMaxTextMessageBufferSize(maxPayload);
        session.setMaxBinaryMessageBufferSize(maxPayload);
        session.setMaxIdleTimeout(0);
        connection = new WebSocketConnection(session, query, headers, runtime.writers(), runtime.settings().socketIo().queueBytes());
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) connection::received);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) this::receivedBinary);
        runtime.handleWebSocket(connection);
    }

    private static void refuse(Session session) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "origin not allowed: see CORS_ORIGINS"));
        } catch (IOException e) {
            // the peer is gone already
        }
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
