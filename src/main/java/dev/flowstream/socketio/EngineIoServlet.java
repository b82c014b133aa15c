package dev.flowstream.socketio;

import dev.flowstream.http.AsyncBodies;
import dev.flowstream.http.ErrorResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * engine.io at {@code <base>/socket.io/*}: polling, and the upgrade to the websocket transport.
 * Every request is checked here before the library sees it (CORS is the
 * {@link dev.flowstream.http.CorsFilter}'s): protocol version, transport and method, the
 * handshake rate per client address, body size and chunked bodies, and the handshake race. What
 * the library throws on a request is a clean 400 ({@link LibraryFailure}); any other failure is a
 * bug of ours, logged and answered with a 500.
 *
 * <p>Threading: container threads; the library completes long polls asynchronously.
 */
public final class EngineIoServlet extends HttpServlet {

    private final transient SocketIoRuntime runtime;
    private final transient PollingPost posts;

    /** @param bodies reads polling bodies without blocking, within the body timeout */
    public EngineIoServlet(SocketIoRuntime runtime, AsyncBodies bodies) {
        this.runtime = runtime;
        this.posts = new PollingPost(runtime, bodies);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            dispatch(request, response, EngineIoRequest.of(request));
        } catch (Refusal refused) {
            refused.write(response);
        } catch (RuntimeException e) {
            ErrorResponses.write(response, e);
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio) throws IOException {
        if (eio.handshake()) runtime.admitHandshake(request.getRemoteAddr());
        // as the reference does, before any body is read or any websocket exists
        eio.sid().filter(sid -> !runtime.hasSession(sid)).ifPresent(sid -> {
            throw Refusal.protocol(Refusal.Protocol.UNKNOWN_SID);
        });
        if (eio.websocket()) {
            WebSocketUpgrade.upgrade(request, response, eio, runtime);
        } else if (eio.handshake()) {
            handshake(request, response, eio);
        } else if ("POST".equals(request.getMethod())) {
            posts.start(request, eio);
        } else {
            runtime.handlePolling(request, response, eio.sid());
        }
    }

    /**
     * The library writes the handshake answer before it registers the new session id, so a fast
     * client's next request could get "Session ID unknown". Running the handshake synchronously into
     * a buffer and sending the buffer only after the library returned closes that window; the open
     * packet gets the {@code maxPayload} field on the way.
     */
    private void handshake(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio) throws IOException {
        HeldExchange exchange = new HeldExchange(request, response);
        runtime.handlePolling(exchange.request(), exchange.response(), Optional.empty());
        int maxPayload = runtime.settings().socketIo().maxPayload();
        exchange.commit(answer -> eio.protocol() == 4 ? EnginePackets.announceMaxPayload(answer, maxPayload) : answer);
    }
}
