package dev.flowstream.it.container;

/**
 * Proves the packaged WAR works as dropped into Jetty 12.0 ee10 (embedded, on 127.0.0.1): it
 * registers itself, streams to real socket.io clients over polling, websocket and the upgrade
 * under a context path, answers SSE and JSON errors, and serves the demo page. Run by failsafe's
 * {@code container-jetty} execution with only Jetty's adapter on the classpath.
 */
class JettyEmbeddedIT extends EmbeddedContainerSuite {
}
