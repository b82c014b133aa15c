package dev.flowstream.it.soak;

import dev.flowstream.testing.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Loopback clients that hold server connections without finishing a request: each sends the start
 * of a request and then one byte a second, and opens a new connection whenever the server ends
 * one, until {@link #close}. Every client has its own thread.
 */
final class HostileClients implements AutoCloseable {

    private final ExecutorService threads;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger endedByServer = new AtomicInteger();

    private HostileClients(int count) {
        this.threads = Executors.newFixedThreadPool(count);
    }

    /** POSTs that declare a body of {@code declared} bytes and send it a byte a second. */
    static HostileClients tricklingBodies(int port, String path, int count, int declared) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declared + "\r\n\r\n{\"question\":\"";
        return start(port, count, head);
    }

    /**
     * socket.io polling POSTs that declare a body and send it a byte a second, each on a session
     * of its own (opened just before, so the body is read instead of refused for an unknown sid).
     */
    static HostileClients tricklingPollingBodies(int port, int count, int declared) {
        HostileClients clients = new HostileClients(count);
        Supplier<String> head = () -> "POST /socket.io/?EIO=4&transport=polling&sid=" + openPollingSession(port)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: " + declared + "\r\n\r\n4";
        for (int i = 0; i < count; i++) clients.threads.execute(() -> clients.run(port, head));
        return clients;
    }

    private static String openPollingSession(int port) {
        HttpResponse<String> open = TestServer.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling")).GET().build());
        String body = open.body();
        int start = body.indexOf("\"sid\"");
        int from = body.indexOf('"', body.indexOf(':', start)) + 1;
        return body.substring(from, body.indexOf('"', from));
    }

    /** Requests whose headers never end: one more header byte a second. */
    static HostileClients partialHeaders(int port, int count) {
        return start(port, count, "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    }

    private static HostileClients start(int port, int count, String head) {
        HostileClients clients = new HostileClients(count);
        for (int i = 0; i < count; i++) clients.threads.execute(() -> clients.run(port, () -> head));
        return clients;
    }

    int connections() {
        return connections.get();
    }

    /** Connections the server closed or answered (a 408, say) instead of waiting on. */
    int endedByServer() {
        return endedByServer.get();
    }

    private void run(int port, Supplier<String> head) {
        while (!stopped.get()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                connections.incrementAndGet();
                socket.setSoTimeout(1);
                OutputStream out = socket.getOutputStream();
                out.write(head.get().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (!stopped.get() && !ended(socket.getInputStream())) {
                    Thread.sleep(1000);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException endedOrRefused) {
                if (!stopped.get()) endedByServer.incrementAndGet();
                pause(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean ended(InputStream in) throws IOException {
        try {
            in.read();
        } catch (SocketTimeoutException stillWaiting) {
            return false;
        }
        endedByServer.incrementAndGet();
        return true;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        threads.shutdownNow();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) throw new IllegalStateException("hostile clients did not stop");
    }
}
