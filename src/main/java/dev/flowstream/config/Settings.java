package dev.flowstream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of one Flowstream deployment, read once at start. Immutable and thread-safe.
 *
 * <p>Each setting has a key like {@code flowstream.config}; {@link #from} looks it up as given
 * (a servlet context parameter or system property) and then as an environment variable
 * ({@code FLOWSTREAM_CONFIG}). {@code PORT} and {@code CORS_ORIGINS} keep the names Flowise users
 * know.
 *
 * @param configDir         directory holding {@code chatflows/}, {@code docs/} and credentials;
 *                          empty means the one bundled in the WAR
 * @param port              standalone HTTP port
 * @param host              standalone bind address
 * @param corsOrigins       allowed browser origins; {@code ["*"]} allows any
 * @param maxRequestBytes   largest prediction body accepted (413 above)
 * @param maxPayload        engine.io {@code maxPayload}: largest polling body accepted
 * @param pingInterval      engine.io {@code pingInterval}
 * @param pingTimeout       engine.io {@code pingTimeout}
 * @param socketQueueBytes  per-connection outbound backlog before a slow peer is dropped
 * @param modelTimeout      time a model provider gets to start answering
 * @param stallTimeout      longest silence of a model stream before it is cancelled
 * @param memoryMaxSessions conversations one memory node keeps; past it the least recently used goes
 * @param memoryIdleTtl     a conversation unused this long is forgotten
 * @param reloadInterval    how often chatflow files are checked for changes; zero turns reloading off
 * @param apiPath           where the HTTP API is mapped inside the web application, e.g. {@code /api/v1}
 * @param socketIoPath      where socket.io is mapped inside the web application, e.g. {@code /socket.io}
 */
public record Settings(Optional<Path> configDir, int port, String host, List<String> corsOrigins,
                       long maxRequestBytes, int maxPayload, Duration pingInterval,
                       Duration pingTimeout, long socketQueueBytes, Duration modelTimeout,
                       Duration stallTimeout, int memoryMaxSessions, Duration memoryIdleTtl,
                       Duration reloadInterval, String apiPath, String socketIoPath) {

    public Settings {
        Objects.requireNonNull(configDir, "configDir");
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (memoryMaxSessions < 1) {
            throw new IllegalArgumentException("setting flowstream.memory.max.sessions must be at least 1, was: " + memoryMaxSessions);
        }
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("setting flowstream.reload.interval.ms must not be negative, was: " + reloadInterval.toMillis());
        }
        apiPath = mountPath("flowstream.api.path", apiPath);
        socketIoPath = mountPath("flowstream.socketio.path", socketIoPath);
        if (apiPath.equals(socketIoPath)) {
            throw new IllegalArgumentException("settings flowstream.api.path and flowstream.socketio.path must differ, both were: " + apiPath);
        }
        if (memoryIdleTtl.isNegative() || memoryIdleTtl.isZero()) {
            throw new IllegalArgumentException("setting flowstream.memory.idle.ttl.ms must be positive, was: " + memoryIdleTtl.toMillis());
        }
    }

    /** Defaults only: what a bare {@code java -jar} gets. */
    public static Settings defaults() {
        return from(key -> null);
    }

    /** Reads every setting through {@code lookup}, falling back to the environment, then the default. */
    public static Settings from(Function<String, String> lookup) {
        Source s = new Source(lookup);
        return new Settings(
                s.text("flowstream.config").map(Path::of),
                s.integer("port", 3000),
                s.text("flowstream.host").orElse("127.0.0.1"),
                s.text("cors.origins").map(Settings::list).orElse(List.of("*")),
                s.integer("flowstream.max.request.bytes", 1_048_576),
                s.integer("flowstream.max.payload", 1_000_000),
                Duration.ofMillis(s.integer("flowstream.ping.interval.ms", 25_000)),
                Duration.ofMillis(s.integer("flowstream.ping.timeout.ms", 20_000)),
                s.integer("flowstream.socket.queue.bytes", 4_194_304),
                Duration.ofMillis(s.integer("flowstream.model.timeout.ms", 60_000)),
                Duration.ofMillis(s.integer("flowstream.stall.timeout.ms", 30_000)),
                s.integer("flowstream.memory.max.sessions", 10_000),
                Duration.ofMillis(s.integer("flowstream.memory.idle.ttl.ms", 3_600_000)),
                Duration.ofMillis(s.integer("flowstream.reload.interval.ms", 1_000)),
                s.text("flowstream.api.path").orElse("/api/v1"),
                s.text("flowstream.socketio.path").orElse("/socket.io"));
    }

    /** Same settings on another port (tests and the standalone launcher's port 0). */
    public Settings withPort(int newPort) {
        return new Settings(configDir, newPort, host, corsOrigins, maxRequestBytes, maxPayload,
                pingInterval, pingTimeout, socketQueueBytes, modelTimeout, stallTimeout,
                memoryMaxSessions, memoryIdleTtl, reloadInterval, apiPath, socketIoPath);
    }

    /** Same settings with another config directory. */
    public Settings withConfigDir(Path dir) {
        return new Settings(Optional.of(dir), port, host, corsOrigins, maxRequestBytes, maxPayload,
                pingInterval, pingTimeout, socketQueueBytes, modelTimeout, stallTimeout,
                memoryMaxSessions, memoryIdleTtl, reloadInterval, apiPath, socketIoPath);
    }

    public boolean allowsAnyOrigin() {
        return corsOrigins.contains("*");
    }

    /**
     * A servlet path prefix: starts with a slash, has no trailing slash, and holds only path
     * characters (no wildcard, query or dot segment), so it maps the same in every container.
     */
    private static String mountPath(String key, String value) {
        String path = Objects.requireNonNull(value, key).trim();
        while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("setting " + key + " must be a path below the context root such as /chat, was: " + value);
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !segment.matches("[A-Za-z0-9._~!$&'()+,;=:@-]+")) {
                throw new IllegalArgumentException("setting " + key + " must be a plain path (letters, digits, - . _ ~ and no *, ? or empty segments), was: " + value);
            }
        }
        return path;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Key → context param / system property as given, else the upper-snake environment variable. */
    private record Source(Function<String, String> lookup) {

        Optional<String> text(String key) {
            String value = lookup.apply(key);
            if (value == null || value.isBlank()) {
                value = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
            }
            return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
        }

        int integer(String key, int fallback) {
            return text(key).map(v -> parse(key, v)).orElse(fallback);
        }

        private static int parse(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting " + key + " must be a whole number, was: " + value, e);
            }
        }
    }
}
