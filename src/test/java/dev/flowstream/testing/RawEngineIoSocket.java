package dev.flowstream.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A raw engine.io (protocol 4) websocket to a Flowstream server, with no client library between the
 * test and the wire: the text frames the server sends, in order, and how it closed the connection.
 *
 * <p>Threading: frames arrive on the JDK client's threads; the accessors are safe from the test's.
 */
public final class RawEngineIoSocket implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private volatile boolean answeringPings;

    private RawEngineIoSocket() {
    }

    public static RawEngineIoSocket open(int port) throws Exception {
        RawEngineIoSocket frames = new RawEngineIoSocket();
        frames.socket = HTTP.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), frames).get(5, TimeUnit.SECONDS);
        return frames;
    }

    /** From now on answers the server's pings itself (a pong each), and {@link #next} no longer shows them. */
    public RawEngineIoSocket answeringPings() {
        answeringPings = true;
        return this;
    }

    /** The next text frame from the server; fails the test after 5 s without one. */
    public String next() throws InterruptedException {
        String text = texts.poll(5, TimeUnit.SECONDS);
        assertNotNull(text, "a frame within 5 s");
        return text;
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** The close code the server sent (or -1 when the connection broke), within 10 s. */
    public int closeCode() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            if (answeringPings && text.equals("2")) webSocket.sendText("3", true);
            else texts.add(text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
