package dev.flowstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB for tests: Debian's {@code mariadb-server} ({@code mariadbd}), started on a free
 * loopback port with a throw-away data directory made by {@code mariadb-install-db}, and a
 * database {@link #DATABASE} that {@code root} (no password) may use. {@link #close} stops the
 * server and deletes its data.
 *
 * <p>Threading: start and close from one thread; the server is a process of its own.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String DATABASE = "flowstream";
    public static final String USER = "root";

    private final Process process;
    private final Path dir;
    private final int port;

    private MariaDbServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static MariaDbServer start() {
        try {
            Path dir = Files.createTempDirectory("flowstream-mariadb");
            Path data = dir.resolve("data");
            run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--user=" + System.getProperty("user.name")), dir);
            int port = ServerProcesses.freePort();
            List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + data,
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mariadb.sock"),
                    "--pid-file=" + dir.resolve("mariadb.pid"), "--skip-name-resolve", "--innodb-buffer-pool-size=16M",
                    "--log-error=" + dir.resolve("error.log")));
            if ("root".equals(System.getProperty("user.name"))) command.add("--user=root");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile()).start();
            MariaDbServer server = new MariaDbServer(process, dir, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start MariaDB (is mariadb-server installed?)", e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) break;
            try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
                return;
            } catch (SQLException e) {
                last = e;
                ServerProcesses.pause();
            }
        }
        close();
        throw new IOException("MariaDB did not accept connections within 60 s: " + ServerProcesses.log(dir.resolve("error.log")), last);
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, 20);
        ServerProcesses.delete(dir);
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Path log = dir.resolve("install.log");
        Process install = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
                install.destroyForcibly();
                throw new IOException(command + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + command + " ran", e);
        }
    }
}
