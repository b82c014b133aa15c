package dev.flowstream.it.container;

/** {@link HostWebappSuite} in Tomcat 10.1 (embedded): Flowstream as a JAR inside another webapp. */
class TomcatHostWebappIT extends HostWebappSuite {
}
