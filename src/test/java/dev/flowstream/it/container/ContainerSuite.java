package dev.flowstream.it.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static dev.flowstream.testing.StreamAssertions.assertWellFormed;
import static dev.flowstream.testing.StreamAssertions.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-container suite: {@code target/flowstream.war} exactly as {@code package} built it,
 * deployed under {@code /flowstream} by Arquillian, and driven from outside like any client
 * (real socket.io clients from npm, plain HTTP). One subclass per container.
 *
 * <p>The WAR's {@code stub} flow points at an {@link OpenAiStub} in this JVM. Its config directory
 * reaches the deployment as the system property {@code flowstream.config}: embedded containers
 * share this JVM, so it is set here; a managed server runs in its own JVM, so its failsafe execution
 * names a directory in {@value #MANAGED_CONFIG} and passes the same one to the server's JVM
 * ({@code -Dflowstream.config}, arquillian.xml), and the flow is written there before deployment.
 */
@ExtendWith(ArquillianExtension.class)
abstract class ContainerSuite {

    static final String CONTEXT = "flowstream";
    static final String MANAGED_CONFIG = "flowstream.it.managed.config";
    private static final Path WAR = Path.of("target", CONTEXT + ".war");
    private static OpenAiStub stub;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive flowstreamWar() throws IOException {
        stub = startStubFlow();
        return packagedWar(CONTEXT);
    }

    /** target/flowstream.war, deployed under {@code /<name>}. */
    static WebArchive packagedWar(String name) {
        return ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(WAR.toFile()).as(WebArchive.class);
    }

    /**
     * Starts an OpenAI stub and writes the {@code stub} chatflow pointing at it into the config
     * directory the container's Flowstream reads (see the class comment).
     */
    static OpenAiStub startStubFlow() throws IOException {
        OpenAiStub started = OpenAiStub.start();
        String managed = System.getProperty(MANAGED_CONFIG);
        Path configDir = managed != null ? Path.of(managed) : Files.createTempDirectory("flowstream-container-config");
        Files.createDirectories(configDir.resolve("chatflows"));
        TestServer.writeFlow(configDir, TestServer.STUB_FLOW, started.baseUrl());
        if (managed == null) System.setProperty("flowstream.config", configDir.toString());
        return started;
    }

    @AfterAll
    static void stopStub() {
        System.clearProperty("flowstream.config");
        if (stub != null) stub.close();
    }

    @Test
    void the_app_is_served_under_the_war_s_context_path() {
        assertEquals("/" + CONTEXT + "/", base.getPath());
        HttpResponse<String> ping = TestServer.send(HttpRequest.newBuilder(url("api/v1/ping")).GET().build());
        assertEquals(200, ping.statusCode(), ping.body());
        assertEquals("pong", ping.body());
    }

    @Test
    void the_seed_client_streams_the_answer_over_polling_under_the_context_path() {
        assertSeedClientStreams("polling", "polling");
    }

    @Test
    void the_seed_client_streams_the_answer_over_websocket_under_the_context_path() {
        assertSeedClientStreams("websocket", "websocket");
    }

    @Test
    void the_seed_client_with_default_transports_upgrades_to_websocket_and_streams_the_answer() {
        assertSeedClientStreams("default", "websocket");
    }

    @Test
    void a_socket_io_v2_client_streams_the_answer_under_the_context_path() {
        // Engine.IO 3 (socket.io-client 2.x), still in many front-ends
        String question = "hello from an old client";
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", base.toString(), "--flow", TestServer.STUB_FLOW,
                "--question", question, "--client", "v2");
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        assertEquals("Echo: " + question, body(result).path("text").asText(), result.toString());
        assertWellFormed(result.path("events"), "Echo: " + question);
    }

    @Test
    void twenty_concurrent_clients_each_receive_only_their_own_tokens() {
        JsonNode result = NodeClient.run("many-clients.mjs", "--url", base.toString(), "--flow", TestServer.STUB_FLOW,
                "--clients", "20", "--question", "who am I", "--timeout-ms", "30000");
        assertEquals(20, result.path("clients").asInt(), result.toString());
        assertEquals(20, result.path("ok").asInt(), result.toString());
        assertEquals(0, result.path("crossTalk").asInt(), result.toString());
        assertEquals(0, result.path("missingEnd").asInt(), result.toString());
        assertEquals(0, result.path("mismatches").asInt(), result.toString());
    }

    @Test
    void twenty_clients_on_default_transports_each_connect_and_receive_only_their_own_tokens() {
        // polling first, then the upgrade: the connect packet's POST is handled on our thread while
        // the probe upgrades, which one container answered with another request's query string
        JsonNode result = NodeClient.run("many-clients.mjs", "--url", base.toString(), "--flow", TestServer.STUB_FLOW,
                "--clients", "20", "--transports", "default", "--question", "who am I", "--timeout-ms", "30000");
        assertEquals(20, result.path("ok").asInt(), result.toString());
        assertEquals(0, result.path("crossTalk").asInt(), result.toString());
        assertEquals(0, result.path("missingEnd").asInt(), result.toString());
    }

    @Test
    void two_predictions_streaming_to_one_websocket_at_once_both_arrive_whole() throws Exception {
        // Tomcat: a second send while a frame is still being written fails with TEXT_FULL_WRITING;
        // each socket's Outbox is its only writer, so two model threads never send at once
        String first = words("alpha", 150);
        String second = words("omega", 150);
        try (JavaSocketClient client = JavaSocketClient.connectBelow(base.toString(), "websocket")) {
            String socketId = client.id();
            CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> predict(first, socketId));
            CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> predict(second, socketId));
            for (HttpResponse<String> answer : List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS))) {
                assertEquals(200, answer.statusCode(), answer.body());
            }
            // sent before the answers, but this client hands events to the test from its own thread
            assertTrue(client.awaitEnds(2, 10), client.events().toString());
            List<JavaSocketClient.Event> events = client.events();
            assertEquals(2, events.stream().filter(e -> e.name().equals("end")).count(), events.toString());
            assertEquals(2, events.stream().filter(e -> e.name().equals("start")).count(), events.toString());
            String tokens = client.tokens();
            assertEquals(("Echo: " + first).length() + ("Echo: " + second).length(), tokens.length(), tokens);
            assertEquals(150, count(tokens, "alpha"), tokens);
            assertEquals(150, count(tokens, "omega"), tokens);
        }
    }

    private HttpResponse<String> predict(String question, String socketId) {
        return post("api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"" + question + "\",\"socketIOClientId\":\"" + socketId + "\"}", "application/json");
    }

    private static String words(String word, int times) {
        return String.join(" ", java.util.Collections.nCopies(times, word));
    }

    private static int count(String text, String word) {
        return text.split(word, -1).length - 1;
    }

    @Test
    void a_streaming_request_is_answered_with_server_sent_events() throws Exception {
        HttpResponse<String> response = post("api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"sse please\",\"streaming\":true}", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = sseEvents(response.body());
        List<String> names = events.stream().map(e -> e.path("event").asText()).toList();
        assertEquals("start", names.get(0), names.toString());
        assertEquals(List.of("metadata", "end"), names.subList(names.size() - 2, names.size()), names.toString());
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("event").asText().equals("token")).forEach(e -> text.append(e.path("data").asText()));
        assertEquals("Echo: sse please", text.toString());
        assertEquals("[DONE]", events.get(events.size() - 1).path("data").asText());
    }

    @Test
    void malformed_json_is_a_400_with_a_json_error() throws Exception {
        assertError(post("api/v1/prediction/" + TestServer.STUB_FLOW, "{\"question\": \"unterminated", "application/json"),
                400, "not valid JSON");
    }

    @Test
    void an_unknown_chatflow_is_a_404_with_a_json_error() throws Exception {
        assertError(post("api/v1/prediction/no-such-flow", "{\"question\":\"q\"}", "application/json"), 404, "no-such-flow");
    }

    @Test
    void a_body_over_the_limit_is_a_413_with_a_json_error() throws Exception {
        String big = "{\"question\":\"" + "x".repeat(1_100_000) + "\"}";
        assertError(post("api/v1/prediction/" + TestServer.STUB_FLOW, big, "application/json"), 413, "larger than");
    }

    @Test
    void an_unsupported_content_type_is_a_415_with_a_json_error() throws Exception {
        assertError(post("api/v1/prediction/" + TestServer.STUB_FLOW, "<question/>", "application/xml"), 415, "not supported");
    }

    @Test
    void the_demo_page_under_the_context_path_streams_an_answer_in_a_browser() {
        HttpResponse<String> page = TestServer.send(HttpRequest.newBuilder(URI.create(base.toString())).GET().build());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        // headless Chromium runs the page's own script: its API and socket.io paths come from /flowstream/
        JsonNode result = NodeClient.run("demo-page.mjs", "--url", base.toString(), "--flow", TestServer.STUB_FLOW,
                "--question", "hello from the browser");
        assertEquals("Echo: hello from the browser", result.path("answer").asText().trim(), result.toString());
        assertTrue(result.path("tokensSeen").asInt() > 1, result.toString());
        assertEquals("websocket", result.path("socket").path("transport").asText(), result.toString());
        assertEquals(0, result.path("consoleErrors").size(), result.toString());
    }

    @Test
    void the_standalone_launcher_at_the_war_root_is_not_served_as_a_file() {
        // it sits outside WEB-INF only so that `java -jar flowstream.war` finds it
        HttpResponse<String> response = TestServer.send(HttpRequest.newBuilder(url("dev/flowstream/standalone/Launcher.class")).GET().build());
        assertTrue(response.statusCode() == 404 || response.statusCode() == 403, response.statusCode() + " " + response.headers());
    }

    @Test
    void the_container_listens_on_127_0_0_1_only() {
        // a wildcard listener would also accept on 127.0.0.2 (all of 127/8 is loopback on Linux)
        assertEquals("127.0.0.1", base.getHost());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", base.getPort()).close());
    }

    private void assertSeedClientStreams(String transports, String expectedTransport) {
        String question = "hello " + transports + " in a container";
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", base.toString(), "--flow", TestServer.STUB_FLOW,
                "--question", question, "--transports", transports);
        assertEquals(200, result.path("http").path("status").asInt(), result.toString());
        JsonNode answer = body(result);
        assertEquals("Echo: " + question, answer.path("text").asText(), result.toString());
        assertWellFormed(result.path("events"), answer.path("text").asText());
        assertEquals(expectedTransport, result.path("transport").asText(), result.toString());
    }

    static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
        JsonNode error = JSON.readTree(response.body());
        assertEquals(status, error.path("statusCode").asInt(), response.body());
        assertEquals(false, error.path("success").asBoolean(true), response.body());
        assertTrue(error.path("message").asText().contains(message), response.body());
    }

    private HttpResponse<String> post(String path, String body, String contentType) {
        return TestServer.send(HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI url(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private static List<JsonNode> sseEvents(String body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            String[] lines = block.split("\n");
            assertEquals("message:", lines[0], block);
            assertTrue(lines[1].startsWith("data:"), block);
            events.add(JSON.readTree(lines[1].substring("data:".length())));
        }
        return events;
    }
}
