package dev.flowstream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests: Debian's {@code redis-server}, started on a free loopback port with a
 * throw-away directory, without snapshots or an append-only file, so nothing outlives
 * {@link #close}, which stops the server and deletes its directory.
 *
 * <p>Threading: start and close from one thread; the server is a process of its own.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start() {
        return start(Optional.empty());
    }

    /** A server that asks for {@code password} (Redis's {@code requirepass}, the default user's). */
    public static RedisServer withPassword(String password) {
        return start(Optional.of(password));
    }

    private static RedisServer start(Optional<String> password) {
        try {
            Path dir = Files.createTempDirectory("flowstream-redis");
            int port = ServerProcesses.freePort();
            List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no"));
            password.ifPresent(secret -> command.addAll(List.of("--requirepass", secret)));
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
            RedisServer server = new RedisServer(process, dir, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Redis (is redis-server installed?)", e);
        }
    }

    public int port() {
        return port;
    }

    /** The URL a {@code redisCacheUrlApi} credential holds for this server. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IOException last = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String reply = new String(in.readNBytes(7), StandardCharsets.US_ASCII);
                // a server with a password answers -NOAUTH: it is up all the same
                if (reply.equals("+PONG\r\n") || reply.startsWith("-NOAUTH")) return;
            } catch (IOException e) {
                last = e;
            }
            ServerProcesses.pause();
        }
        close();
        throw new IOException("Redis did not answer PING within 30 s: " + ServerProcesses.log(dir.resolve("out.log")), last);
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, 20);
        ServerProcesses.delete(dir);
    }
}
