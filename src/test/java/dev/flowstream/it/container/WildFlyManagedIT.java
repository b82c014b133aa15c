package dev.flowstream.it.container;

import dev.flowstream.testing.TestServer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the packaged WAR works as deployed to a managed WildFly (its own JVM, standalone.xml, every
 * listener on 127.0.0.1): it registers itself, streams to real socket.io clients over polling,
 * Undertow's Jakarta WebSocket and the upgrade under a context path, answers SSE and JSON errors,
 * and serves the demo page. Run by failsafe's {@code container-wildfly} execution.
 *
 * <p>WildFly puts its own Jackson (the JAX-RS subsystem adds it to every deployment) and SLF4J (the
 * logging subsystem) ahead of {@code WEB-INF/lib}; {@code WEB-INF/jboss-deployment-structure.xml}
 * removes them so the WAR runs the versions it was built and tested with. The server JVM writes a
 * class-load log (arquillian.xml) that shows which jar each class was defined from.
 */
class WildFlyManagedIT extends ContainerSuite {

    static final String CLASS_LOAD_LOG = "flowstream.it.wildfly.class-load-log";
    // the standard ports plus the offset of 10000 given in arquillian.xml
    private static final int HTTPS_PORT = 18443;
    private static final int MANAGEMENT_PORT = 19990;

    @ArquillianResource
    private URL base;

    @Test
    void the_deployment_runs_the_war_s_own_jackson_and_slf4j_not_the_copies_wildfly_adds() throws IOException {
        // a JSON error body is written by Jackson; a streamed answer runs LangChain4j, which logs through SLF4J
        predict("{\"question\": \"unterminated");
        predict("{\"question\":\"whose jackson\",\"streaming\":true}");
        List<String> loaded = Files.readAllLines(Path.of(System.getProperty(CLASS_LOAD_LOG)));
        assertDefinedFromWar(loaded, "com.fasterxml.jackson.databind.ObjectMapper", "jackson-databind-");
        assertDefinedFromWar(loaded, "org.slf4j.LoggerFactory", "slf4j-api-");
    }

    @Test
    void the_https_and_management_listeners_are_on_127_0_0_1_only() throws IOException {
        for (int port : new int[] {HTTPS_PORT, MANAGEMENT_PORT}) {
            new Socket("127.0.0.1", port).close();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", port).close(), "port " + port);
        }
    }

    private void predict(String body) {
        TestServer.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/v1/prediction/" + TestServer.STUB_FLOW))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertDefinedFromWar(List<String> loaded, String className, String jar) {
        // WildFly defines its own copy for itself as well, so look for the deployment's among them
        List<String> sources = loaded.stream().filter(line -> line.contains(" " + className + " source: ")).toList();
        String fromWar = "vfs:/content/" + CONTEXT + ".war/WEB-INF/lib/" + jar;
        assertTrue(sources.stream().anyMatch(line -> line.contains(fromWar)), className + " was defined only from " + sources);
    }
}
