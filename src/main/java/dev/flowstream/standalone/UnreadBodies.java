package dev.flowstream.standalone;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Ends the connection after an answer that refused its request body (Flowstream sends those with
 * {@code Connection: close}: 408 for a body too slow, 413 for one too large). Undertow would
 * otherwise read the rest of the declared body before closing, so a client trickling a large
 * body would keep the connection long after its 408, a byte at a time.
 *
 * <p>Threading: stateless; runs on Undertow's threads.
 */
final class UnreadBodies implements HttpHandler {

    private final HttpHandler next;

    UnreadBodies(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addResponseCommitListener(UnreadBodies::onCommit);
        next.handleRequest(exchange);
    }

    private static void onCommit(HttpServerExchange exchange) {
        if (exchange.isRequestComplete()) return;
        if (!"close".equalsIgnoreCase(exchange.getResponseHeaders().getFirst(Headers.CONNECTION))) return;
        exchange.setPersistent(false);
        Connectors.terminateRequest(exchange); // the rest of the body is not wanted: do not wait for it
    }
}
