package dev.flowstream.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL with pgvector for tests: PGlite (PostgreSQL compiled to WebAssembly, from npm)
 * served on a free loopback port by {@code @electric-sql/pglite-socket}, with the pgvector
 * extension, its data in memory: thrown away when {@link #close} stops the process. Debian's
 * PostgreSQL 15 has no pgvector package here; this one is installed by the project's own lockfile.
 *
 * <p>Threading: start and close from one thread; the server is a process of its own.
 */
public final class PgliteServer implements AutoCloseable {

    private static final Path SCRIPTS = Path.of("src", "test", "js");

    private final Process process;
    private final int port;

    private PgliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static PgliteServer start() {
        int port = ServerProcesses.freePort();
        List<String> command = List.of("node", "node_modules/@electric-sql/pglite-socket/dist/scripts/server.js",
                "--port=" + port, "--host=127.0.0.1", "--extensions=@electric-sql/pglite-pgvector:vector", "--max-connections=8");
        try {
            Process process = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true).start();
            awaitListening(process);
            return new PgliteServer(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PGlite: " + command, e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static void awaitListening(Process process) throws IOException {
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            // not closed here: once listening, the reader goes on draining the process's output
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.contains("listening")) {
                        drainInBackground(out);
                        return seen.toString();
                    }
                }
                throw new IllegalStateException("PGlite stopped before listening:\n" + seen);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("PGlite did not start listening within 60 s", e);
        }
    }

    /** Keeps reading the server's output, so a full pipe never stops it. */
    private static void drainInBackground(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "pglite-output");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, 10);
    }
}
