package dev.flowstream.chatflow;

import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test double itself: what benchmarks and other packages' tests rely on. */
class OpenAiStubTest {

    @Test
    void two_requests_share_one_kept_alive_connection() throws Exception {
        try (OpenAiStub stub = OpenAiStub.start();
             Socket socket = new Socket("127.0.0.1", URI.create(stub.baseUrl()).getPort())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();

            assertTrue(exchange(out, in, "first").contains("\"content\":\"Echo: first\""));
            assertTrue(exchange(out, in, "second").contains("\"content\":\"Echo: second\""));
            assertEquals(2, stub.requests());
        }
    }

    @Test
    void close_leaves_no_stub_threads_behind() throws Exception {
        OpenAiStub stub = OpenAiStub.start();
        try (Socket socket = new Socket("127.0.0.1", URI.create(stub.baseUrl()).getPort())) {
            exchange(socket.getOutputStream(), new BufferedInputStream(socket.getInputStream()), "warm up");
        }

        stub.close();
        stub.close();

        List<Thread> left = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("openai-stub-") && thread.isAlive()).toList();
        for (Thread thread : left) thread.join(5_000);
        assertTrue(left.stream().noneMatch(Thread::isAlive), "still alive: " + left);
    }

    /** One non-streamed chat completion over a raw HTTP/1.1 connection; returns the body. */
    private static String exchange(OutputStream out, InputStream in, String question) throws IOException {
        byte[] body = ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        assertTrue(line(in).startsWith("HTTP/1.1 200"));
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(header.substring(15).trim());
        }
        assertTrue(length > 0, "a fixed-length answer keeps the connection reusable");
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed");
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
