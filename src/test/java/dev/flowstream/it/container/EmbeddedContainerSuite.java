package dev.flowstream.it.container;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared suite plus what only a container inside the test JVM lets us check: that the webapp
 * runs the WAR's own classes and libraries, not anything on the test classpath.
 */
abstract class EmbeddedContainerSuite extends ContainerSuite {

    @Test
    void the_deployment_runs_the_war_s_own_classes_because_the_test_classpath_has_neither_flowstream_nor_undertow() {
        // failsafe takes target/classes and Undertow off this run's classpath (pom.xml), so nothing the
        // webapp class loader could delegate to offers Flowstream's classes or Undertow's
        ClassLoader testLoader = EmbeddedContainerSuite.class.getClassLoader();
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.flowstream.FlowstreamInitializer", false, testLoader));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.undertow.Undertow", false, testLoader));
    }

    @Test
    void the_webapp_loads_flowstream_and_its_libraries_from_the_war_not_from_the_test_classpath() throws Exception {
        // the app's own threads were started inside the webapp: their context loader is the webapp's
        ClassLoader webapp = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("flowstream-"))
                .map(Thread::getContextClassLoader).filter(loader -> loader != EmbeddedContainerSuite.class.getClassLoader())
                .findFirst().orElseThrow(() -> new AssertionError("no flowstream- thread with the webapp's loader"));
        assertLoadedFrom(webapp, "dev.flowstream.FlowstreamInitializer", "/WEB-INF/classes/");
        assertLoadedFrom(webapp, "io.socket.engineio.server.EngineIoServer", "/WEB-INF/lib/engine.io-server-");
        assertLoadedFrom(webapp, "dev.langchain4j.model.chat.StreamingChatModel", "/WEB-INF/lib/langchain4j-core-");
        assertLoadedFrom(webapp, "com.fasterxml.jackson.databind.ObjectMapper", "/WEB-INF/lib/jackson-databind-");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.undertow.Undertow", false, webapp));
    }

    private static void assertLoadedFrom(ClassLoader loader, String className, String expected) throws Exception {
        String location = Class.forName(className, false, loader).getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(location.contains(expected), className + " came from " + location);
    }

}
