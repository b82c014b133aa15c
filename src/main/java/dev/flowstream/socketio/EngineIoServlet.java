package dev.flowstream.socketio;

import dev.flowstream.http.JsonError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * engine.io at {@code <base>/socket.io/*}: polling, and the upgrade to the websocket transport.
 * Every request is checked here before the library sees it (CORS is the
 * {@link dev.flowstream.http.CorsFilter}'s): protocol version, transport and method, the
 * handshake rate per client address, body size and chunked bodies, the handshake race, and
 * exceptions thrown by the library (a clean 400, never a 500).
 *
 * <p>Threading: container threads; the library completes long polls asynchronously.
 */
public final class EngineIoServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(EngineIoServlet.class.getName());

    private final transient SocketIoRuntime runtime;

    public EngineIoServlet(SocketIoRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            dispatch(request, response, EngineIoRequest.of(request));
        } catch (Refusal refused) {
            refused.write(response);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "engine.io failed on a request", e);
            JsonError.write(response, 400, "bad engine.io request");
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio) throws IOException {
        if (eio.handshake()) runtime.admitHandshake(request.getRemoteAddr());
        if (eio.websocket()) {
            eio.sid().filter(sid -> !runtime.hasSession(sid)).ifPresent(sid -> {
                throw Refusal.protocol(Refusal.Protocol.UNKNOWN_SID);
            });
            WebSocketUpgrade.upgrade(request, response, eio, runtime);
        } else if (eio.handshake()) {
            handshake(request, response);
        } else if ("POST".equals(request.getMethod())) {
            byte[] body = PollingBodies.read(request, runtime.settings().socketIo().maxPayload());
            runtime.handlePolling(new PollingBodies.Buffered(request, body), response, eio.sid());
        } else {
            runtime.handlePolling(request, response, eio.sid());
        }
    }

    /**
     * The library writes the handshake answer before it registers the new session id, so a fast
     * client's next request could get "Session ID unknown". Running the handshake synchronously into
     * a buffer and sending the buffer only after the library returned closes that window.
     */
    private void handshake(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HandshakeExchange exchange = new HandshakeExchange(request, response);
        runtime.handlePolling(exchange.request(), exchange.response(), Optional.empty());
        exchange.commit();
    }
}
