package dev.flowstream.it.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.it.container.host.HostApiServlet;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static dev.flowstream.testing.StreamAssertions.assertWellFormed;
import static dev.flowstream.testing.StreamAssertions.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowstream embedded in someone else's webapp: a "host" WAR with its own servlet at {@code /api/*}
 * and, in {@code WEB-INF/lib}, {@code target/flowstream-embed.jar} plus the libraries the WAR ships.
 * Nothing registers Flowstream but the JAR itself (its ServletContainerInitializer, named by its
 * web-fragment in the host's {@code <absolute-ordering>}); the host moves Flowstream's API and
 * socket.io below {@code /chat} with two context parameters. One subclass per container.
 */
@ExtendWith(ArquillianExtension.class)
abstract class HostWebappSuite {

    private static final Path EMBED_JAR = Path.of("target", "flowstream-embed.jar");
    private static final Path WAR_LIBS = Path.of("target", "flowstream", "WEB-INF", "lib");
    private static OpenAiStub stub;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive hostWebapp() throws IOException {
        stub = ContainerSuite.startStubFlow();
        File[] libraries;
        try (Stream<Path> jars = Files.list(WAR_LIBS)) {
            libraries = Stream.concat(Stream.of(EMBED_JAR), jars.filter(jar -> jar.toString().endsWith(".jar")))
                    .map(Path::toFile).toArray(File[]::new);
        }
        String webXml;
        try (var in = HostWebappSuite.class.getResourceAsStream("/host-webapp/web.xml")) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (ContainerWorkarounds.glassFish()) {
            // GlassFish 7: under an <absolute-ordering> without <others/> it loads the listed
            // fragments' initializers through a class loader over those jars alone, where
            // Flowstream's dependencies are missing (NoClassDefFoundError at start); a host on
            // GlassFish lists <others/> as well
            webXml = webXml.replace("<name>flowstream</name>", "<name>flowstream</name>\n    <others/>");
        }
        return ShrinkWrap.create(WebArchive.class, "host.war")
                .addClass(HostApiServlet.class)
                .setWebXML(new StringAsset(webXml))
                .addAsLibraries(libraries);
    }

    @AfterAll
    static void stopStub() {
        System.clearProperty("flowstream.config");
        if (stub != null) stub.close();
    }

    @Test
    void the_host_s_own_servlet_keeps_its_api_path() {
        HttpResponse<String> response = get("api/v1/ping");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("host api /v1/ping", response.body());
    }

    @Test
    void flowstream_answers_below_the_path_the_host_gave_it() {
        HttpResponse<String> ping = get("chat/api/v1/ping");
        assertEquals(200, ping.statusCode(), ping.body());
        assertEquals("pong", ping.body());
    }

    @Test
    void socket_io_is_not_served_at_its_default_path_once_moved() {
        assertEquals(404, get("socket.io/?EIO=4&transport=polling").statusCode());
        HttpResponse<String> moved = get("chat/socket.io/?EIO=4&transport=polling");
        assertEquals(200, moved.statusCode(), moved.body());
        assertTrue(moved.body().contains("\"sid\""), moved.body());
    }

    @Test
    void the_seed_client_streams_through_flowstream_mounted_in_the_host() {
        String question = "hello from the host page";
        // the client derives both paths from the URL: <base>chat/api/v1/... and path <base>chat/socket.io/
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", base + "chat/", "--flow", TestServer.STUB_FLOW,
                "--question", question, "--transports", "default");
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        assertEquals("Echo: " + question, body(result).path("text").asText(), result.toString());
        assertWellFormed(result.path("events"), "Echo: " + question);
        assertEquals("websocket", result.path("transport").asText(), result.toString());
    }

    @Test
    void an_unknown_chatflow_under_the_moved_api_is_a_404_with_a_json_error() throws Exception {
        HttpResponse<String> response = TestServer.send(HttpRequest.newBuilder(url("chat/api/v1/prediction/no-such-flow"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"q\"}")).build());
        ContainerSuite.assertError(response, 404, "no-such-flow");
    }

    private HttpResponse<String> get(String path) {
        return TestServer.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private URI url(String path) {
        return URI.create(base.toString()).resolve(path);
    }
}
