package dev.flowstream.it;

import dev.flowstream.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone server closes connections that hold it without finishing a request. */
class ConnectionTimeoutsIT {

    private static final int PATIENCE_MS = 8_000;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of(
            "flowstream.header.timeout.ms", "1000", "flowstream.keepalive.timeout.ms", "1000"));

    @Test
    void a_request_whose_headers_never_end_is_closed_after_the_header_timeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Partial: ");
            assertTrue(closedByServer(socket.getInputStream()), "a partial request is not held for good");
        }
    }

    @Test
    void headers_sent_a_byte_at_a_time_are_closed_after_the_header_timeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000L;
            boolean closed = false;
            try {
                // one header byte every 100 ms keeps the connection busy, never idle
                while (!closed && System.nanoTime() < deadline) {
                    send(socket, "X");
                    Thread.sleep(100);
                    closed = answeredOrClosed(socket);
                }
            } catch (IOException reset) {
                closed = true;
            }
            assertTrue(closed, "trickled headers are cut off");
        }
    }

    @Test
    void an_idle_keep_alive_connection_is_closed_after_the_keepalive_timeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            InputStream in = socket.getInputStream();
            String answer = readUntil(in, "pong");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(closedByServer(in), "an idle keep-alive connection is closed");
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(PATIENCE_MS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** True when the server closes the connection within the patience; false when it keeps it. */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // whatever the server says before it closes (e.g. a 408) is fine
            }
            return true;
        } catch (SocketTimeoutException kept) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Whether the server has closed the connection or answered (e.g. 408) instead of waiting on. */
    private static boolean answeredOrClosed(Socket socket) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
            socket.getInputStream().read();
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while (!text.toString().endsWith(marker) && (b = in.read()) != -1) text.append((char) b);
        return text.toString();
    }
}
