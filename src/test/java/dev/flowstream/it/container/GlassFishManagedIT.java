package dev.flowstream.it.container;

import dev.flowstream.testing.TestServer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
    void tyrus_lets_the_war_check_the_upgrade_s_origin_whatever_the_header_case() throws IOException {
        String allowed = upgrade("origin", ALLOWED_ORIGIN);
        assertTrue(allowed.startsWith("HTTP/1.1 101"), allowed);
        String refused = upgrade("ORIGIN", "https://evil.example");
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
    }

    private String upgrade(String headerName, String origin) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + base.getPath() + "socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + headerName + ": " + origin + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return new String(buffer, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        }
    }

    private static long glassFishPid() throws IOException {
        // start-domain writes the server's pid into the domain's config directory
        Path pid = Path.of(System.getProperty("glassfish.home"), "glassfish", "domains", "domain1", "config", "pid");
        return Long.parseLong(Files.readString(pid).trim());
    }
}
