package dev.flowstream.it.container;

/**
 * Proves the packaged WAR works as dropped into Tomcat 10.1 (embedded, on 127.0.0.1): it registers
 * itself, streams to real socket.io clients over polling, websocket and the upgrade under a context
 * path, answers SSE and JSON errors, and serves the demo page. Run by failsafe's
 * {@code container-tomcat} execution with only Tomcat's adapter on the classpath.
 */
class TomcatEmbeddedIT extends EmbeddedContainerSuite {
}
