package dev.flowstream.socketio;

import dev.flowstream.http.JsonError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * engine.io's polling transport at {@code <base>/socket.io/*}, with the library's weak spots guarded
 * here, around it (CORS is the {@link dev.flowstream.http.CorsFilter}'s): body size and chunked bodies, the handshake race, and
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
            dispatch(request, response);
        } catch (BodyTooLarge e) {
            JsonError.write(response, 413, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "engine.io failed on a request", e);
            JsonError.write(response, 400, "bad engine.io request");
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        // From the query string only: getParameter could consume a form-encoded body.
        Map<String, String> query = Queries.parse(request.getQueryString());
        if (!query.containsKey("EIO") || !query.containsKey("transport")) {
            JsonError.write(response, 400, "engine.io requests need the EIO and transport query parameters");
            return;
        }
        boolean handshake = !query.containsKey("sid");
        if ("POST".equals(method) && !handshake) {
            byte[] body = PollingBodies.read(request, runtime.settings().socketIo().maxPayload());
            runtime.engineIo().handleRequest(new PollingBodies.Buffered(request, body), response);
        } else if ("GET".equals(method) && handshake) {
            handshake(request, response);
        } else if ("GET".equals(method) || "POST".equals(method)) {
            runtime.engineIo().handleRequest(request, response);
        } else {
            response.setHeader("Allow", "GET, POST, OPTIONS");
            JsonError.write(response, 405, "method " + method + " is not allowed on socket.io");
        }
    }

    /**
     * The library writes the handshake answer before it registers the new session id, so a fast
     * client's next request could get "Session ID unknown". Running the handshake synchronously into
     * a buffer and sending the buffer only after the library returned closes that window.
     */
    private void handshake(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HandshakeExchange exchange = new HandshakeExchange(request, response);
        runtime.engineIo().handleRequest(exchange.request(), exchange.response());
        exchange.commit();
    }
}
