package dev.flowstream.it.container;

import dev.flowstream.testing.RawUpgrade;
import dev.flowstream.testing.TestServer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the packaged WAR works as deployed to a managed GlassFish 7 (its own JVM, WebSocket by
 * Tyrus, every listener on 127.0.0.1): it registers itself, streams to real socket.io clients over
 * polling, websocket and the upgrade under a context path, answers SSE and JSON errors, and serves
 * the demo page. Run by failsafe's {@code container-glassfish} execution (profile of the same name),
 * which also gives the domain {@code -Dcors.origins=}{@value #ALLOWED_ORIGIN}.
 *
 * <p>Also proves what differs on GlassFish: it offers applications its own Jackson, which the
 * webapp must not pick up, and Tyrus must hand the upgrade's Origin to the WAR's configurator.
 */
class GlassFishManagedIT extends ContainerSuite {

    private static final String ALLOWED_ORIGIN = "http://app.example:5173";
    private static final String WEBAPP_LOADER = "org.glassfish.web.loader.WebappClassLoader";

    @ArquillianResource
    private URL base;

    @Test
    void the_webapp_runs_the_war_s_jackson_not_the_one_glassfish_offers_to_applications() throws IOException {
        // GlassFish delegates to its own modules first, and they export Jackson 2.18: without
        // webapp/WEB-INF/glassfish-web.xml only Felix bundle loaders ever define these classes
        TestServer.send(HttpRequest.newBuilder(URI.create(base + "api/v1/prediction/" + TestServer.STUB_FLOW))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"unterminated")).build());
        ClassOrigins server = new ClassOrigins(glassFishPid());
        for (String jackson : new String[] {"com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonFactory"}) {
            Set<String> loaders = server.loaderTypes(jackson);
            assertTrue(loaders.contains(WEBAPP_LOADER), jackson + " was defined only by " + loaders);
        }
    }

    @Test
    void the_war_checks_the_upgrade_s_origin_on_tyrus_whatever_the_header_case() throws IOException {
        String path = base.getPath() + "socket.io/?EIO=4&transport=websocket";
        String host = "127.0.0.1:" + base.getPort();
        RawUpgrade allowed = RawUpgrade.send(base.getPort(), path, host, "origin", ALLOWED_ORIGIN);
        assertTrue(allowed.upgraded() && allowed.firstText().startsWith("0{"), allowed.toString());
        RawUpgrade own = RawUpgrade.send(base.getPort(), path, host, "Origin", "http://" + host);
        assertTrue(own.upgraded() && own.firstText().startsWith("0{"), "the demo page's own origin: " + own);
        RawUpgrade refused = RawUpgrade.send(base.getPort(), path, host, "ORIGIN", "https://evil.example");
        assertTrue(refused.statusLine().startsWith("HTTP/1.1 403"), refused.toString());
    }

    private static long glassFishPid() throws IOException {
        // start-domain writes the server's pid into the domain's config directory
        Path pid = Path.of(System.getProperty("glassfish.home"), "glassfish", "domains", "domain1", "config", "pid");
        return Long.parseLong(Files.readString(pid).trim());
    }
}
