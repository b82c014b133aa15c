package dev.flowstream.it.container;

import dev.flowstream.testing.TestServer;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the packaged WAR works as dropped into Open Liberty (managed: its own JVM, only the
 * servlet-6.0, websocket-2.1 and localConnector-1.0 features, listening on 127.0.0.1:19080): Liberty
 * runs its ServletContainerInitializer from {@code dropins/}, the websocket endpoint added in
 * {@code contextInitialized} takes real socket.io clients, and SSE, JSON errors and the demo page
 * are served under the context path; a copy deployed and undeployed again shuts down cleanly.
 * Run by failsafe's {@code container-liberty} execution ({@code -Pcontainer-liberty}) with only
 * Liberty's adapter on the test classpath.
 */
class OpenLibertyManagedIT extends ContainerSuite {

    // "[11/23/26, 22:39:55:100 UTC] 00000026 com.ibm.ws.http.internal.VirtualHostImpl  A CWWKT0016I: ...";
    // W, E and F are warnings, errors and fatal errors, R is anything written to System.err
    private static final Pattern WARNING_OR_ERROR = Pattern.compile("^\\[[^]]+] \\S+ \\S+\\s+[WEFR] .*");
    private static final String COPY = "flowstream-copy";

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = COPY, managed = false, testable = false)
    static WebArchive copyToUndeploy() {
        return packagedWar(COPY);
    }

    @Test
    void liberty_starts_the_war_from_dropins_and_logs_no_warning_or_error_or_stderr() throws IOException {
        List<String> log = messagesLog();
        assertContains(log, "CWWKZ0136I: The flowstream application is using the archive file at the ", "/dropins/flowstream.war");
        assertContains(log, "CWWKZ0001I: Application flowstream started", "");
        assertEquals(List.of(), log.stream().filter(line -> WARNING_OR_ERROR.matcher(line).matches()).toList());
    }

    @Test
    void an_undeployed_war_reads_no_class_from_its_removed_archive() throws Exception {
        deployer.deploy(COPY);
        HttpResponse<String> ping = TestServer.send(HttpRequest.newBuilder(
                URI.create(base.toString()).resolve("/" + COPY + "/api/v1/ping")).GET().build());
        assertEquals(200, ping.statusCode(), ping.body());
        deployer.undeploy(COPY);
        List<String> log = awaitLine("CWWKZ0009I: The application " + COPY + " has stopped successfully");
        // Liberty deletes the archive before it stops the webapp: a class first loaded at shutdown fails
        assertEquals(List.of(), log.stream().filter(line -> line.contains("SRVE0285E") || line.contains("CWWKL0002E")).toList());
    }

    private static List<String> awaitLine(String message) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> log = messagesLog();
        while (log.stream().noneMatch(line -> line.contains(message)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            log = messagesLog();
        }
        assertContains(log, message, "");
        return log;
    }

    private static List<String> messagesLog() throws IOException {
        // the server's own log of this run: Liberty starts a new messages.log on every start
        Path home = Path.of(System.getProperty("liberty.home"));
        return Files.readAllLines(home.resolve("usr/servers/flowstream/logs/messages.log"));
    }

    private static void assertContains(List<String> log, String message, String detail) {
        assertTrue(log.stream().anyMatch(line -> line.contains(message) && line.contains(detail)),
                "messages.log has no \"" + message + "\"" + (detail.isEmpty() ? "" : " with " + detail));
    }
}
