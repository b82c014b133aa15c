package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.StreamAssertions;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar target/flowstream.war}, exactly as the README runs it. */
class PackagedWarIT {

    private static final Path WAR = Path.of("target/flowstream.war");
    private static OpenAiStub stub;
    private static Process process;
    private static int port;
    private static String readyLine;

    @BeforeAll
    static void start() throws Exception {
        stub = OpenAiStub.start();
        Path config = Files.createTempDirectory("flowstream-war-config");
        Files.createDirectories(config.resolve("chatflows"));
        TestServer.writeFlow(config, TestServer.STUB_FLOW, stub.baseUrl());
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", WAR.toString()).redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("FLOWSTREAM_CONFIG", config.toString());
        process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        readyLine = CompletableFuture.supplyAsync(() -> awaitReady(output)).get(30, TimeUnit.SECONDS);
        Thread drain = new Thread(() -> output.lines().forEach(line -> { }));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null && process.isAlive()) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        stub.close();
    }

    private static String awaitReady(BufferedReader output) {
        try {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith("Flowstream ready")) return line;
            }
            throw new IllegalStateException("server exited before it was ready");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_war_starts_and_prints_the_url_it_serves() {
        assertTrue(readyLine.endsWith("http://127.0.0.1:" + port + "/"), readyLine);
    }

    @Test
    void the_seed_flow_streams_through_the_packaged_war() {
        JsonNode result = NodeClient.run("seed-client.mjs", "--url", "http://127.0.0.1:" + port, "--flow", TestServer.STUB_FLOW,
                "--question", "from the packaged war", "--client", "v4");
        JsonNode body = StreamAssertions.body(result);
        assertEquals("Echo: from the packaged war", body.path("text").asText(), result.toString());
        StreamAssertions.assertWellFormed(result.path("events"), body.path("text").asText());
    }

    @Test
    void the_launcher_class_at_the_war_root_is_not_served() {
        var response = TestServer.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/dev/flowstream/standalone/Launcher.class")).GET().build());
        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void the_embeddable_jar_has_the_classes_the_fragment_and_the_initializer_but_no_launcher() throws IOException {
        try (JarFile jar = new JarFile(Path.of("target/flowstream-embed.jar").toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertTrue(names.contains("META-INF/services/jakarta.servlet.ServletContainerInitializer"), names.toString());
            assertTrue(names.contains("META-INF/web-fragment.xml"), names.toString());
            assertTrue(names.contains("dev/flowstream/FlowstreamInitializer.class"), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.startsWith("dev/flowstream/standalone/")), names.toString());
        }
    }

    @Test
    void containers_never_see_undertow_and_find_the_initializer() throws IOException {
        try (JarFile war = new JarFile(WAR.toFile())) {
            List<String> names = war.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertFalse(names.stream().anyMatch(n -> n.startsWith("WEB-INF/lib/undertow") || n.startsWith("WEB-INF/lib/xnio")
                    || n.startsWith("WEB-INF/lib/jakarta.servlet-api") || n.startsWith("WEB-INF/lib/jakarta.websocket")), names.toString());
            assertTrue(names.contains("WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer"));
            assertTrue(names.contains("dev/flowstream/standalone/Launcher.class"));
            assertTrue(names.contains("WEB-INF/server-config/chatflows/local-docs.json"));
            assertTrue(names.contains("index.html"));
            assertFalse(names.stream().anyMatch(n -> n.contains("onnx")), "no ONNX models in the WAR");
        }
    }

    @Test
    void sigterm_stops_the_server_cleanly() throws Exception {
        // Last by name order is not guaranteed; a separate process keeps the other tests independent.
        try (ServerSocket free = new ServerSocket(0)) {
            int otherPort = free.getLocalPort();
            free.close();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", WAR.toString()).redirectErrorStream(true);
            builder.environment().put("PORT", Integer.toString(otherPort));
            Process other = builder.start();
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture.supplyAsync(() -> awaitReady(output)).get(30, TimeUnit.SECONDS);
            other.destroy();
            assertTrue(other.waitFor(10, TimeUnit.SECONDS), "stopped within 10 s of SIGTERM");
            assertEquals(143, other.exitValue(), "exit status of a JVM ended by SIGTERM");
        }
    }
}
