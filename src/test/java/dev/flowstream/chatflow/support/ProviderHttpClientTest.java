package dev.flowstream.chatflow.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Requests to a provider run on our threads and survive a connection the peer closed without a
 * word: sent again, a bounded number of times; a timeout is not.
 */
class ProviderHttpClientTest {

    private final ExecutorService workers = Executors.newCachedThreadPool(r -> new Thread(r, "test-worker"));
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final HttpClient client = new ProviderHttpClient(() -> {
        clientsBuilt.incrementAndGet();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }, workers);
    private Upstream upstream;

    @AfterEach
    void stop() throws IOException {
        if (upstream != null) upstream.close();
        workers.shutdownNow();
    }

    @Test
    void a_connection_closed_before_any_answer_byte_is_sent_again_on_a_fresh_client() throws Exception {
        upstream = Upstream.start(connection -> connection > 1); // the first connection closes at once
        HttpResponse<String> response = client.send(post(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ok", response.body());
        assertEquals(2, upstream.connections.get());
        assertEquals(2, clientsBuilt.get(), "the client with the dead connection was replaced");
    }

    @Test
    void a_peer_that_never_answers_fails_after_one_more_attempt() {
        upstream = Upstream.start(connection -> false);
        assertThrows(IOException.class, () -> client.send(post(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(2, upstream.connections.get());
    }

    @Test
    void a_timeout_is_not_sent_again() throws Exception {
        upstream = Upstream.silent();
        HttpRequest request = HttpRequest.newBuilder(upstream.uri()).timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThrows(HttpTimeoutException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, upstream.connections.get());
    }

    @Test
    void an_async_request_completes_on_our_worker() throws Exception {
        upstream = Upstream.start(connection -> true);
        String thread = client.sendAsync(post(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        assertEquals("test-worker", thread);
    }

    @Test
    void an_async_failure_carries_the_io_exception() {
        upstream = Upstream.start(connection -> false);
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> client.sendAsync(post(), HttpResponse.BodyHandlers.ofString()).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failure.getCause());
    }

    private HttpRequest post() {
        return HttpRequest.newBuilder(upstream.uri()).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    /** A loopback HTTP peer: answers "ok" on the connections {@code answers} accepts, closes the others unanswered. */
    private static final class Upstream implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        private Upstream(ServerSocket server, IntPredicate answers, boolean silent) {
            this.server = server;
            this.thread = new Thread(() -> serve(answers, silent), "test-upstream");
            thread.setDaemon(true);
            thread.start();
        }

        static Upstream start(IntPredicate answers) {
            return open(answers, false);
        }

        static Upstream silent() {
            return open(connection -> false, true);
        }

        private static Upstream open(IntPredicate answers, boolean silent) {
            try {
                return new Upstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answers, silent);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions");
        }

        private void serve(IntPredicate answers, boolean silent) {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    int number = connections.incrementAndGet();
                    readRequest(socket.getInputStream());
                    if (silent) continue; // holds the connection, never answers
                    if (answers.test(number)) {
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                    socket.close();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return;
                head.append((char) b);
            }
            String lower = head.toString().toLowerCase();
            int at = lower.indexOf("content-length:");
            if (at >= 0) in.readNBytes(Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim()));
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
