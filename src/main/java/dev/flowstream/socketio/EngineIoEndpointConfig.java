package dev.flowstream.socketio;

import dev.flowstream.http.CorsPolicy;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Registers {@link EngineIoEndpoint} at {@code <base>/socket.io/} (with the slash: without it the
 * upgrade falls through to the polling servlet and clients silently stay on polling), checks the
 * upgrade's Origin against the CORS list (a page of this server may always connect) and keeps the
 * handshake headers for engine.io.
 *
 * <p>Threading: the container calls the configurator concurrently; it keeps no per-request state.
 */
public final class EngineIoEndpointConfig {

    static final String HEADERS = "flowstream.handshake.headers";
    /** Set by the handshake when the Origin is neither allowed nor this server's own: the endpoint closes at once. */
    static final String ORIGIN_REFUSED = "flowstream.handshake.origin-refused";

    private EngineIoEndpointConfig() {
    }

    public static ServerEndpointConfig create(String path, SocketIoRuntime runtime, CorsPolicy cors) {
        return ServerEndpointConfig.Builder.create(EngineIoEndpoint.class, path)
                .configurator(new Configurator(runtime, cors))
                .build();
    }

    private static final class Configurator extends ServerEndpointConfig.Configurator {
        private final SocketIoRuntime runtime;
        private final CorsPolicy cors;

        Configurator(SocketIoRuntime runtime, CorsPolicy cors) {
            this.runtime = runtime;
            this.cors = cors;
        }

        /**
         * Listed origins (or any, with {@code *}) pass here with a 403 for the rest; but a page of
         * this very server sends its own origin, which only the Host header can confirm, and
         * {@code checkOrigin} does not see it. Those are left to {@link #modifyHandshake}.
         */
        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return cors.mayAllow(Optional.ofNullable(originHeaderValue));
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            // Containers disagree on header-name case; engine.io reads them from a plain map.
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(request.getHeaders());
            config.getUserProperties().put(HEADERS, headers);
            boolean allowed = cors.allows(first(headers, "Origin"), first(headers, "Host"));
            config.getUserProperties().put(ORIGIN_REFUSED, !allowed);
        }

        private static Optional<String> first(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new EngineIoEndpoint(runtime));
        }
    }
}
