package dev.flowstream.it.container;

/** {@link HostWebappSuite} in a managed Open Liberty: Flowstream as a JAR inside another webapp. */
class OpenLibertyHostWebappIT extends HostWebappSuite {
}
