package dev.flowstream.chatflow;

import dev.flowstream.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The chatflows of a config directory: every {@code <configDir>/chatflows/*.json} Flowise export,
 * by file name without {@code .json}. A flow that fails to load is logged and listed in
 * {@link #failures()}; the others are served. The catalog owns the threads its flows use (the
 * {@code flowstream-chatflow-watchdog} thread and a worker pool) and stops them on {@link #close}.
 *
 * <p>Threading: reads are safe from any thread and see one consistent snapshot; {@link #close} is
 * idempotent. Re-reading changed files will swap in a new snapshot (see {@code replace}).
 */
public final class DirectoryCatalog implements ChatflowCatalog, AutoCloseable {

    private final Path chatflowsDir;
    private final FlowRuntime runtime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;

    private DirectoryCatalog(Path configDir, FlowRuntime runtime) {
        this.chatflowsDir = configDir.resolve("chatflows");
        this.runtime = runtime;
    }

    /**
     * Loads every chatflow under {@code configDir/chatflows}; model API keys come from the
     * environment ({@code OPENAI_API_KEY}) when a flow has none of its own.
     *
     * @throws IllegalArgumentException if {@code configDir} is not a directory
     */
    public static DirectoryCatalog open(Path configDir, Settings settings) {
        return open(configDir, settings, System::getenv);
    }

    /** As {@link #open(Path, Settings)}, with the environment variables looked up through {@code environment}. */
    static DirectoryCatalog open(Path configDir, Settings settings, Function<String, String> environment) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(environment, "environment");
        if (!Files.isDirectory(configDir)) {
            throw new IllegalArgumentException("config directory not found: " + configDir);
        }
        FlowRuntime runtime = new FlowRuntime(configDir, settings, environment);
        DirectoryCatalog catalog = new DirectoryCatalog(runtime.configDir(), runtime);
        catalog.replace(new ChatflowLoader(runtime).load(catalog.chatflowsDir));
        return catalog;
    }

    @Override
    public Optional<Chatflow> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(snapshot.flows().get(id));
    }

    @Override
    public List<Chatflow> all() {
        return snapshot.all();
    }

    @Override
    public Map<String, String> failures() {
        return snapshot.failures();
    }

    /** Stops the watchdog and worker threads and releases the flows' indexes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        CatalogSnapshot last = snapshot;
        snapshot = CatalogSnapshot.EMPTY;
        runtime.close();
        last.close();
    }

    /**
     * Serves {@code next} from now on. The flows it replaces are not closed here: requests may
     * still run on them (a reload must close them once those are done).
     */
    private void replace(CatalogSnapshot next) {
        snapshot = next;
    }
}
