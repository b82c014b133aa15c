package dev.flowstream.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible upstream that gives up keep-alive connections idle for longer than a set
 * time (as Node.js servers do after 5 s, and load balancers and NATs after theirs) without telling
 * the client: the next request on such a connection is answered with a reset, the worst case of
 * a request racing the server's close. A client sees it only then. Every {@code POST} on a live
 * connection is answered with a streamed three-token completion ("a b c ").
 *
 * <p>Threading: one thread per connection; {@link #close} stops them all.
 */
public final class KeepAliveUpstream implements AutoCloseable {

    private static final String[] TOKENS = {"a ", "b ", "c "};

    private final ServerSocket server;
    private final Duration idleClose;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "keepalive-upstream");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger closedIdle = new AtomicInteger();

    private KeepAliveUpstream(ServerSocket server, Duration idleClose) {
        this.server = server;
        this.idleClose = idleClose;
        threads.execute(this::accept);
    }

    public static KeepAliveUpstream start(Duration idleClose) {
        try {
            return new KeepAliveUpstream(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), idleClose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}, for a chatOpenAI node's {@code basepath}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** Requests that came on a connection this upstream had given up, and got a reset. */
    public int closedIdle() {
        return closedIdle.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            long lastAnswer = System.nanoTime();
            while (readRequest(in)) {
                if (System.nanoTime() - lastAnswer > idleClose.toNanos()) {
                    closedIdle.incrementAndGet();
                    socket.setSoLinger(true, 0); // a reset, as from a peer that no longer knows the connection
                    return;
                }
                out.write(answer());
                out.flush();
                lastAnswer = System.nanoTime();
            }
        } catch (IOException gone) {
            // the client went away
        }
    }

    /** Reads one request (head and Content-Length body); false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return false;
            head.write(b);
        }
        String lower = head.toString(StandardCharsets.ISO_8859_1).toLowerCase();
        int at = lower.indexOf("content-length:");
        if (at >= 0) in.readNBytes(Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim()));
        return true;
    }

    private static byte[] answer() {
        StringBuilder events = new StringBuilder();
        for (String token : TOKENS) events.append(chunk("{\"content\":\"" + token + "\"}", "null"));
        events.append(chunk("{}", "\"stop\"")).append("data: [DONE]\n\n");
        byte[] body = events.toString().getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-ka\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stub\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
