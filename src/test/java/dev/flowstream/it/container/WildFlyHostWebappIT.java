package dev.flowstream.it.container;

/** {@link HostWebappSuite} in a managed WildFly 39: Flowstream as a JAR inside another webapp. */
class WildFlyHostWebappIT extends HostWebappSuite {
}
