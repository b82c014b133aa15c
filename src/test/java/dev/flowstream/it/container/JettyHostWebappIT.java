package dev.flowstream.it.container;

/** {@link HostWebappSuite} in Jetty 12.0 ee10 (embedded): Flowstream as a JAR inside another webapp. */
class JettyHostWebappIT extends HostWebappSuite {
}
