package dev.flowstream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every setting of one Flowstream deployment, read once at start. Immutable and thread-safe.
 *
 * <p>Each setting has a key like {@code flowstream.config}; {@link #from} looks it up as given
 * (a servlet context parameter or system property) and then as an environment variable
 * ({@code FLOWSTREAM_CONFIG}). {@code PORT} and {@code CORS_ORIGINS} keep the names Flowise users
 * know. Settings of one concern are grouped: {@link #http}, {@link #socketIo}, {@link #models},
 * {@link #memory}.
 *
 * @param configDir      directory holding {@code chatflows/}, {@code docs/} and credentials;
 *                       empty means the one bundled in the WAR
 * @param port           standalone HTTP port
 * @param host           standalone bind address
 * @param corsOrigins    allowed browser origins; {@code ["*"]} allows any
 * @param reloadInterval how often chatflow files are checked for changes; zero turns reloading off
 * @param apiPath        where the HTTP API is mapped inside the web application, e.g. {@code /api/v1}
 * @param socketIoPath   where socket.io is mapped inside the web application, e.g. {@code /socket.io}
 */
public record Settings(Optional<Path> configDir, int port, String host, List<String> corsOrigins,
                       Duration reloadInterval, String apiPath, String socketIoPath,
                       HttpSettings http, SocketIoSettings socketIo, ModelSettings models,
                       MemorySettings memory) {

    public Settings {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(socketIo, "socketIo");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(memory, "memory");
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        apiPath = MountPath.check("flowstream.api.path", apiPath);
        socketIoPath = MountPath.check("flowstream.socketio.path", socketIoPath);
        if (apiPath.equals(socketIoPath)) {
            throw new IllegalArgumentException("settings flowstream.api.path and flowstream.socketio.path must differ, both were: " + apiPath);
        }
    }

    /** Defaults only: what a bare {@code java -jar} gets. */
    public static Settings defaults() {
        return from(key -> null);
    }

    /** Reads every setting through {@code lookup}, falling back to the environment, then the default. */
    public static Settings from(Function<String, String> lookup) {
        SettingSource s = new SettingSource(lookup);
        Builder settings = new Builder();
        settings.configDir = s.text("flowstream.config").map(Path::of);
        settings.port = s.integer("port", 3000);
        settings.host = s.text("flowstream.host").orElse("127.0.0.1");
        settings.corsOrigins = s.text("cors.origins").map(Settings::list).orElse(List.of("*"));
        settings.reloadInterval = s.millis("flowstream.reload.interval.ms", 1_000, 0);
        settings.apiPath = s.text("flowstream.api.path").orElse("/api/v1");
        settings.socketIoPath = s.text("flowstream.socketio.path").orElse("/socket.io");
        settings.http = HttpSettings.from(s);
        settings.socketIo = SocketIoSettings.from(s);
        settings.models = ModelSettings.from(s);
        settings.memory = MemorySettings.from(s);
        return settings.build();
    }

    /** Same settings on another port (tests and the standalone launcher's port 0). */
    public Settings withPort(int newPort) {
        return with(changed -> changed.port = newPort);
    }

    /** Same settings with another config directory. */
    public Settings withConfigDir(Path dir) {
        return with(changed -> changed.configDir = Optional.of(dir));
    }

    private Settings with(Consumer<Builder> change) {
        Builder changed = new Builder(this);
        change.accept(changed);
        return changed.build();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * Settings assembled field by field, by name: the record's constructor, whose arguments are
     * only told apart by their position, is called in {@link #build} alone. Not thread-safe; lives
     * within one method.
     */
    private static final class Builder {
        Optional<Path> configDir;
        int port;
        String host;
        List<String> corsOrigins;
        Duration reloadInterval;
        String apiPath;
        String socketIoPath;
        HttpSettings http;
        SocketIoSettings socketIo;
        ModelSettings models;
        MemorySettings memory;

        Builder() {
        }

        Builder(Settings from) {
            configDir = from.configDir;
            port = from.port;
            host = from.host;
            corsOrigins = from.corsOrigins;
            reloadInterval = from.reloadInterval;
            apiPath = from.apiPath;
            socketIoPath = from.socketIoPath;
            http = from.http;
            socketIo = from.socketIo;
            models = from.models;
            memory = from.memory;
        }

        Settings build() {
            return new Settings(configDir, port, host, corsOrigins, reloadInterval, apiPath, socketIoPath,
                    http, socketIo, models, memory);
        }
    }
}
