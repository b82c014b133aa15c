package dev.flowstream.socketio;

import dev.flowstream.http.HttpException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Upgrades a checked socket.io request to the websocket transport through WebSocket 2.1's
 * {@link ServerContainer#upgradeHttpToWebSocket}. Doing it from the servlet, not from an endpoint
 * mapped at the path, means every websocket request passes the same checks as polling first
 * (CORS with the Host header in view, protocol version, transport, session id, the handshake
 * rate of the client's address), and a refused one gets an HTTP status, not a 101 and a close.
 *
 * <p>Threading: stateless; called on container threads. Each upgrade gets its own endpoint
 * config, so nothing about one request can leak into another's session.
 */
final class WebSocketUpgrade {

    private WebSocketUpgrade() {
    }

    static void upgrade(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio,
                        SocketIoRuntime runtime) throws IOException {
        Object container = request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            throw HttpException.badRequest("this server has no WebSocket support: use the polling transport");
        }
        EngineIoEndpoint endpoint = new EngineIoEndpoint(runtime, eio.query(), headers(request));
        Optional<TyrusRelay> relay = runtime.tyrusRelay();
        if (relay.isPresent()) {
            try {
                relay.get().upgrade(server, request, response, endpoint);
            } catch (DeploymentException e) {
                throw new IOException("websocket upgrade failed", e);
            }
            return;
        }
        ServerEndpointConfig config = ServerEndpointConfig.Builder
                .create(EngineIoEndpoint.class, runtime.settings().socketIoPath() + "/")
                .configurator(new Configurator(endpoint))
                .build();
        try {
            server.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new IOException("websocket upgrade failed", e);
        }
    }

    /** engine.io reads headers from a plain map, and containers disagree on header-name case. */
    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, List.copyOf(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    private static final class Configurator extends ServerEndpointConfig.Configurator {
        private final EngineIoEndpoint endpoint;

        Configurator(EngineIoEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** The CORS filter has decided already, with the Host header this check cannot see. */
        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(endpoint);
        }
    }
}
