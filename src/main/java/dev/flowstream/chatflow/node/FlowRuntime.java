package dev.flowstream.chatflow.node;

import dev.flowstream.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.flowstream.platform.DaemonThreads;
import java.util.function.Function;

/**
 * What every loaded flow of one catalog shares: the settings, the config directory, the
 * environment (a seam, so tests need not touch the real one), the credentials of
 * {@code <configDir>/credentials.json} (read once, here), the stall watchdog and a worker pool
 * (model HTTP clients run on it, and the local answer node streams from it). The catalog owns it.
 *
 * <p>Threading: safe to share; {@link #close} stops every thread it owns and is idempotent.
 */
public final class FlowRuntime implements AutoCloseable {

    private final Path configDir;
    private final Settings settings;
    private final Function<String, String> environment;
    private final Credentials credentials;
    private final StallWatchdog watchdog = new StallWatchdog();
    private final ExecutorService workers;
    private final DaemonThreads workerThreads = DaemonThreads.named("flowstream-chatflow-worker");
    private PluginTypes plugins; // guarded by this

    public FlowRuntime(Path configDir, Settings settings, Function<String, String> environment) {
        this.configDir = configDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.environment = environment;
        this.credentials = Credentials.read(this.configDir);
        this.workers = Executors.newCachedThreadPool(workerThreads);
    }

    public Path configDir() {
        return configDir;
    }

    public Settings settings() {
        return settings;
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.apply(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** A field of a credential of {@code credentials.json}, e.g. ({@code openAIApi}, {@code openAIApiKey}). */
    public Optional<String> credential(String credentialName, String field) {
        return credentials.field(credentialName, field);
    }

    public StallWatchdog watchdog() {
        return watchdog;
    }

    public ExecutorService workers() {
        return workers;
    }

    /** The folder whose JARs bring node types the WAR leaves out: {@code <configDir>/plugins}. */
    public Path pluginDir() {
        return configDir.resolve("plugins");
    }

    /** A node type a JAR of {@link #pluginDir} brings ({@link NodePlugin}); the folder is read on the first call. */
    public synchronized Optional<NodeType> pluginType(String name) {
        if (plugins == null) plugins = PluginTypes.in(pluginDir());
        return plugins.type(name);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (plugins != null) plugins.close();
        }
        watchdog.close();
        workerThreads.stop(workers, Duration.ofSeconds(5));
    }
}
