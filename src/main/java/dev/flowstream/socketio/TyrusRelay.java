package dev.flowstream.socketio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tyrus (GlassFish, Payara) only upgrades to an endpoint registered beforehand: its
 * {@code upgradeHttpToWebSocket} ignores the config it is given except for its path. So there we
 * register one relay endpoint at a path no client uses, and the socket.io servlet upgrades to it
 * with a one-time ticket in the query; the relay hands the session to the endpoint the servlet
 * prepared for that ticket. A request to the relay path without a live ticket (Tyrus's own filter
 * upgrades those directly, past our servlet) is closed at once.
 *
 * <p>Threading: thread-safe; tickets are used once and expire after {@link #TICKET_LIFE}.
 */
final class TyrusRelay {

    private static final String TICKET = "flowstream-upgrade";
    private static final Duration TICKET_LIFE = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String path;
    private final Cache<String, Endpoint> tickets = Caffeine.newBuilder()
            .expireAfterWrite(TICKET_LIFE).executor(Runnable::run).build();

    private TyrusRelay(String path) {
        this.path = path;
    }

    /** Registers the relay when {@code container} is Tyrus's; elsewhere the plain upgrade works. */
    static Optional<TyrusRelay> installIfNeeded(ServerContainer container, String socketIoPath) {
        if (!container.getClass().getName().startsWith("org.glassfish.tyrus.")) return Optional.empty();
        TyrusRelay relay = new TyrusRelay(socketIoPath + "/.flowstream-upgrade");
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(Relay.class, relay.path)
                    .configurator(new ServerEndpointConfig.Configurator() {
                        @Override
                        public <T> T getEndpointInstance(Class<T> endpointClass) {
                            return endpointClass.cast(new Relay(relay));
                        }
                    }).build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("could not register the socket.io websocket relay for Tyrus", e);
        }
        return Optional.of(relay);
    }

    void upgrade(ServerContainer container, HttpServletRequest request, HttpServletResponse response,
                 Endpoint endpoint) throws IOException, DeploymentException {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(ticket, endpoint);
        ServerEndpointConfig target = ServerEndpointConfig.Builder.create(Relay.class, path).build();
        container.upgradeHttpToWebSocket(new Ticketed(request, ticket), response, target, Map.of());
    }

    /** The request with the ticket added to its query, where Tyrus's session will show it. */
    private static final class Ticketed extends HttpServletRequestWrapper {
        private final String ticket;

        Ticketed(HttpServletRequest request, String ticket) {
            super(request);
            this.ticket = ticket;
        }

        @Override
        public String getQueryString() {
            String query = super.getQueryString();
            return (query == null || query.isEmpty() ? "" : query + "&") + TICKET + "=" + ticket;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> parameters = new HashMap<>(super.getParameterMap());
            parameters.put(TICKET, new String[]{ticket});
            return parameters;
        }

        @Override
        public String getParameter(String name) {
            return TICKET.equals(name) ? ticket : super.getParameter(name);
        }
    }

    /** Registered at the relay path; becomes the endpoint its ticket names. Public: Tyrus calls it reflectively. */
    public static final class Relay extends Endpoint {
        private final TyrusRelay relay;
        private Endpoint target;

        Relay(TyrusRelay relay) {
            this.relay = relay;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            List<String> given = session.getRequestParameterMap().getOrDefault(TICKET, List.of());
            target = given.isEmpty() ? null : relay.tickets.asMap().remove(given.get(0));
            if (target == null) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "no upgrade ticket"));
                } catch (IOException gone) {
                    // nothing to close
                }
                return;
            }
            target.onOpen(session, config);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (target != null) target.onClose(session, reason);
        }

        @Override
        public void onError(Session session, Throwable error) {
            if (target != null) target.onError(session, error);
        }
    }
}
