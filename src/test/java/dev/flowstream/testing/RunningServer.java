package dev.flowstream.testing;

import dev.flowstream.streaming.SocketRegistry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A JUnit extension giving a test class one {@link TestServer} with its own {@link OpenAiStub},
 * started before the first test and closed after the last:
 * {@code @RegisterExtension static final RunningServer server = RunningServer.withStub();}
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> settings;
    private final int sendBufferBytes;
    private OpenAiStub stub;
    private TestServer server;

    private RunningServer(Map<String, String> settings, int sendBufferBytes) {
        this.settings = settings;
        this.sendBufferBytes = sendBufferBytes;
    }

    public static RunningServer withStub() {
        return new RunningServer(Map.of(), 0);
    }

    /** @param settings setting keys to override, e.g. {@code flowstream.stall.timeout.ms} */
    public static RunningServer withStub(Map<String, String> settings) {
        return new RunningServer(settings, 0);
    }

    /** The same server with a small kernel send buffer per connection: a client that stops reading shows at once. */
    public RunningServer withSendBuffer(int bytes) {
        return new RunningServer(settings, bytes);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stub = OpenAiStub.start();
        server = TestServer.start(stub, settings, sendBufferBytes);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
        if (stub != null) stub.close();
    }

    public OpenAiStub stub() {
        return stub;
    }

    public java.nio.file.Path configDir() {
        return server.configDir();
    }

    /**
     * Writes a test export (from {@code src/test/resources/chatflows}) into the running server's
     * chatflows folder, its empty {@code basepath} pointed at the stub, and waits until the server
     * has picked it up, without a restart.
     */
    public void dropExport(String resource, String flowId) throws Exception {
        try (java.io.InputStream in = RunningServer.class.getResourceAsStream("/chatflows/" + resource + ".json")) {
            String export = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"basepath\": \"\"", "\"basepath\": \"" + stub.baseUrl() + "\"");
            java.nio.file.Files.writeString(configDir().resolve("chatflows/" + flowId + ".json"), export);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (get("/api/v1/chatflows-streaming/" + flowId).statusCode() != 200) {
            if (System.nanoTime() > deadline) throw new AssertionError("chatflow " + flowId + " was not picked up");
            Thread.sleep(50);
        }
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    public SocketRegistry registry() {
        return server.registry();
    }

    public dev.flowstream.socketio.SocketIoRuntime socketIo() {
        return server.socketIo();
    }

    public HttpResponse<String> post(String path, String body, String contentType) {
        return server.post(path, body, contentType);
    }

    public HttpResponse<String> get(String path) {
        return server.get(path);
    }
}
