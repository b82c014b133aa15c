package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowCatalog;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The chatflows of a config directory: every {@code <configDir>/chatflows/*.json} Flowise export,
 * by file name without {@code .json}, re-read when files are added, edited or removed (checked
 * every {@code flowstream.reload.interval.ms}, one second by default). A flow that fails to load
 * is logged and listed in {@link #failures()}; if it had loaded before, its last good version keeps being served. The
 * catalog owns the threads its flows use (the {@code flowstream-chatflow-watchdog} thread, a
 * worker pool and the {@code flowstream-chatflow-reload} thread) and stops them on {@link #close}.
 *
 * <p>Threading: reads are safe from any thread and see one consistent snapshot; reloads run one at
 * a time (on the reload thread); {@link #close} is idempotent.
 */
public final class DirectoryCatalog implements ChatflowCatalog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DirectoryCatalog.class.getName());

    private final FlowRuntime runtime;
    private final ChatflowReloader reloader;
    private final Object reloading = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    private volatile Optional<ChatflowWatcher> watcher = Optional.empty();

    private DirectoryCatalog(FlowRuntime runtime) {
        this.runtime = runtime;
        Path chatflows = runtime.configDir().resolve("chatflows");
        this.reloader = new ChatflowReloader(chatflows, new ChatflowLoader(runtime), this::find);
    }

    /**
     * Loads every chatflow under {@code configDir/chatflows} and keeps them in line with the files;
     * model API keys come from the environment ({@code OPENAI_API_KEY}) when a flow has none of its own.
     *
     * @throws IllegalArgumentException if {@code configDir} is not a directory
     */
    public static DirectoryCatalog open(Path configDir, Settings settings) {
        return open(configDir, settings, System::getenv);
    }

    /** As {@link #open(Path, Settings)}, with the environment variables looked up through {@code environment}. */
    public static DirectoryCatalog open(Path configDir, Settings settings, Function<String, String> environment) {
        return open(configDir, settings, environment, settings.reloadInterval());
    }

    /**
     * As {@link #open(Path, Settings, Function)}, checking for changed files every {@code reloadInterval};
     * {@link Duration#ZERO} loads the files once and never again.
     */
    static DirectoryCatalog open(Path configDir, Settings settings, Function<String, String> environment,
                                 Duration reloadInterval) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(environment, "environment");
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("negative reload interval: " + reloadInterval);
        }
        if (!Files.isDirectory(configDir)) {
            throw new IllegalArgumentException("config directory not found: " + configDir);
        }
        DirectoryCatalog catalog = new DirectoryCatalog(new FlowRuntime(configDir, settings, environment));
        catalog.reload();
        CatalogSnapshot loaded = catalog.snapshot;
        LOG.info("loaded " + loaded.flows().size() + " chatflow(s) from " + configDir.resolve("chatflows")
                + (loaded.failures().isEmpty() ? "" : "; " + loaded.failures().size() + " failed"));
        if (!reloadInterval.isZero()) {
            catalog.watcher = Optional.of(ChatflowWatcher.start(reloadInterval, catalog::reload));
        }
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

    /** Stops reloading, the watchdog and the worker threads, and releases the flows' indexes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        watcher.ifPresent(ChatflowWatcher::close);
        synchronized (reloading) {
            CatalogSnapshot last = snapshot;
            snapshot = CatalogSnapshot.EMPTY;
            last.retire();
        }
        runtime.close();
    }

    /** Serves what the files hold now; the versions this replaces are released once their runs end. */
    private void reload() {
        synchronized (reloading) {
            if (closed.get()) return;
            ChatflowReloader.Outcome outcome = reloader.reload(snapshot);
            snapshot = outcome.next();
            outcome.replaced().forEach(ChatflowVersion::retire);
        }
    }
}
