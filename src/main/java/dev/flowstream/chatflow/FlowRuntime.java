package dev.flowstream.chatflow;

import dev.flowstream.config.Settings;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.flowstream.streaming.DaemonThreads;
import java.util.function.Function;

/**
 * What every loaded flow of one catalog shares: the settings, the config directory, the
 * environment (a seam, so tests need not touch the real one), the stall watchdog and a worker pool
 * (model HTTP clients run on it, and the local answer node streams from it). The catalog owns it.
 *
 * <p>Threading: safe to share; {@link #close} stops every thread it owns and is idempotent.
 */
final class FlowRuntime implements AutoCloseable {

    private final Path configDir;
    private final Settings settings;
    private final Function<String, String> environment;
    private final StallWatchdog watchdog = new StallWatchdog();
    private final ExecutorService workers;

    FlowRuntime(Path configDir, Settings settings, Function<String, String> environment) {
        this.configDir = configDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.environment = environment;
        this.workers = Executors.newCachedThreadPool(DaemonThreads.named("flowstream-chatflow-worker"));
    }

    Path configDir() {
        return configDir;
    }

    Settings settings() {
        return settings;
    }

    Optional<String> env(String name) {
        return Optional.ofNullable(environment.apply(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    StallWatchdog watchdog() {
        return watchdog;
    }

    ExecutorService workers() {
        return workers;
    }

    @Override
    public void close() {
        watchdog.close();
        workers.shutdownNow();
    }
}
