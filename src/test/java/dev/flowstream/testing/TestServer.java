package dev.flowstream.testing;

import dev.flowstream.config.Settings;
import dev.flowstream.standalone.StandaloneServer;
import dev.flowstream.socketio.SocketIoRuntime;
import dev.flowstream.streaming.SocketRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Flowstream on embedded Undertow on a free loopback port, serving the project's {@code webapp/}
 * and a fresh config directory: the shipped {@code local-docs} flow and docs, plus a {@code stub}
 * flow (chatOpenAI + promptTemplate + llmChain) whose model is the given {@link OpenAiStub}.
 */
public final class TestServer implements AutoCloseable {

    public static final String STUB_FLOW = "stub";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final Path configDir;
    private final StandaloneServer server;
    private final Settings settings;

    private TestServer(Path configDir, StandaloneServer server, Settings settings) {
        this.configDir = configDir;
        this.server = server;
        this.settings = settings;
    }

    public static TestServer start(OpenAiStub stub) {
        return start(stub, Map.of());
    }

    /** @param settings setting keys (e.g. {@code flowstream.socket.queue.bytes}) to override */
    public static TestServer start(OpenAiStub stub, Map<String, String> settings) {
        return start(stub, settings, 0);
    }

    /** @param sendBufferBytes each connection's kernel send buffer on the server; 0 for the default */
    public static TestServer start(OpenAiStub stub, Map<String, String> settings, int sendBufferBytes) {
        try {
            Path config = Files.createTempDirectory("flowstream-test-config");
            Files.createDirectories(config.resolve("chatflows"));
            copyTree(Path.of("server-config/docs"), config.resolve("docs"));
            Files.copy(Path.of("server-config/chatflows/local-docs.json"), config.resolve("chatflows/local-docs.json"));
            writeFlow(config, STUB_FLOW, stub.baseUrl());
            Map<String, String> values = new HashMap<>(settings);
            values.putIfAbsent("cors.origins", "*");
            Settings resolved = Settings.from(values::get).withPort(0).withConfigDir(config);
            return new TestServer(config, StandaloneServer.start(resolved, Path.of("webapp"), sendBufferBytes), resolved);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code chatflows/<id>.json}: the stub chain export pointing at {@code baseUrl}. */
    public static void writeFlow(Path config, String id, String baseUrl) throws IOException {
        try (var in = TestServer.class.getResourceAsStream("/flows/stub-chain.json")) {
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(config.resolve("chatflows/" + id + ".json"), template.replace("${BASEPATH}", baseUrl));
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public Path configDir() {
        return configDir;
    }

    public SocketRegistry registry() {
        return server.flowstream().orElseThrow().registry();
    }

    public SocketIoRuntime socketIo() {
        return server.flowstream().orElseThrow().socketIo();
    }

    public HttpResponse<String> post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) request.header("Content-Type", contentType);
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops this server and starts a new one on the same config directory, as a restart would. */
    public TestServer restarted() {
        server.close();
        try {
            return new TestServer(configDir, StandaloneServer.start(settings, Path.of("webapp")), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(configDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }
}
