package dev.flowstream.it.container;

/** {@link HostWebappSuite} in a managed GlassFish 7: Flowstream as a JAR inside another webapp. */
class GlassFishHostWebappIT extends HostWebappSuite {
}
