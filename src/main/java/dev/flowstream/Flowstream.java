package dev.flowstream;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.config.Settings;
import dev.flowstream.http.AsyncBodies;
import dev.flowstream.http.Cors;
import dev.flowstream.http.CorsFilter;
import dev.flowstream.http.CorsPolicy;
import dev.flowstream.http.NotFoundServlet;
import dev.flowstream.platform.DaemonThreads;
import dev.flowstream.platform.JdkLeaks;
import dev.flowstream.platform.ShutdownClasses;
import dev.flowstream.prediction.ApiServlet;
import dev.flowstream.prediction.PredictionService;
import dev.flowstream.prediction.PredictionServlet;
import dev.flowstream.prediction.UpsertServlet;
import dev.flowstream.socketio.EngineIoServlet;
import dev.flowstream.socketio.SocketIoRuntime;
import dev.flowstream.streaming.LocalSocketRegistry;
import dev.flowstream.streaming.SocketRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.server.ServerContainer;

import java.net.MalformedURLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;

/**
 * One running Flowstream: settings, chatflows, the socket registry, socket.io and the prediction
 * API, wired together and registered on a servlet context. Every thread it starts is stopped by
 * {@link #close}.
 *
 * <p>Threading: built and registered on the container's start-up thread, closed on its shutdown
 * thread; the parts it wires are thread-safe.
 */
public final class Flowstream implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Flowstream.class.getName());
    private static final String LAUNCHER_DIR = "/dev/flowstream/standalone/";

    private final Settings settings;
    private final SocketRegistry registry = new LocalSocketRegistry();
    private final DirectoryCatalog catalog;
    private final SocketIoRuntime socketIo;
    private final ExecutorService httpWriters;
    private final ScheduledThreadPoolExecutor timers;
    private final Cors cors;
    private final DaemonThreads httpThreads = DaemonThreads.named("flowstream-http-writer");
    private final DaemonThreads timerThreads = DaemonThreads.named("flowstream-prediction-timer");

    public Flowstream(Settings settings, Path configDir) {
        // close() must not be the first to need a class: the container may have removed the archive by then
        ShutdownClasses.loadNow(JdkLeaks.class);
        this.settings = settings;
        this.catalog = DirectoryCatalog.open(configDir, settings);
        this.socketIo = new SocketIoRuntime(settings, registry);
        // Nothing on these threads blocks (bodies are read and answers written without blocking),
        // so a few of them serve any number of clients.
        this.httpWriters = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), httpThreads);
        this.timers = new ScheduledThreadPoolExecutor(1, timerThreads);
        // every request schedules a body deadline that is nearly always cancelled: drop those at once
        this.timers.setRemoveOnCancelPolicy(true);
        this.cors = new Cors(new CorsPolicy(settings.corsOrigins()));
        LOG.info(() -> "Flowstream serving " + catalog.all().size() + " chatflow(s) from " + configDir);
    }

    public SocketRegistry registry() {
        return registry;
    }

    public SocketIoRuntime socketIo() {
        return socketIo;
    }

    /** Adds the servlets; must run while the context is starting (e.g. in a container initializer). */
    public void registerServlets(ServletContext context) {
        PredictionService service = new PredictionService(catalog, registry, Duration.ofSeconds(2), timers);
        AsyncBodies bodies = new AsyncBodies(timers, httpWriters, settings.http().bodyTimeout());
        add(context, "flowstream-prediction", new PredictionServlet(service, bodies, httpWriters,
                settings.http().maxRequestBytes(), settings.socketIo().queueBytes()), settings.apiPath() + "/prediction/*");
        add(context, "flowstream-upsert", new UpsertServlet(service, bodies, httpWriters,
                settings.http().maxRequestBytes(), settings.http().maxUploadBytes()), settings.apiPath() + "/vector/upsert/*");
        add(context, "flowstream-api", new ApiServlet(catalog), settings.apiPath() + "/*");
        add(context, "flowstream-socketio", new EngineIoServlet(socketIo, bodies), settings.socketIoPath() + "/*");
        hideLauncher(context);
        FilterRegistration.Dynamic filter = context.addFilter("flowstream-cors", new CorsFilter(cors));
        filter.setAsyncSupported(true);
        filter.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), false,
                "flowstream-prediction", "flowstream-upsert", "flowstream-api", "flowstream-socketio");
    }

    /**
     * flowstream.war keeps its {@code java -jar} launcher at its root, where containers would serve
     * it as a static file; a servlet mapping outranks the container's file serving in every
     * container. Embedded as a JAR there is no such file and the host's paths stay untouched.
     */
    private static void hideLauncher(ServletContext context) {
        try {
            if (context.getResource(LAUNCHER_DIR + "Launcher.class") == null) return;
        } catch (MalformedURLException e) {
            return;
        }
        ServletRegistration.Dynamic hidden = context.addServlet("flowstream-launcher-hidden", new NotFoundServlet());
        hidden.addMapping(LAUNCHER_DIR + "*");
    }

    /**
     * Readies the websocket transport, or says so when the container has no WebSocket support;
     * call once the context is initialised (the ServerContainer exists by then). The socket.io
     * servlet upgrades requests itself.
     */
    public void checkWebSocketSupport(ServletContext context) {
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            socketIo.adoptWebSocketContainer(container);
        } else {
            LOG.warning("no WebSocket container: socket.io clients will stay on HTTP long-polling");
        }
    }

    private static void add(ServletContext context, String name, jakarta.servlet.Servlet servlet, String mapping) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        registration.setAsyncSupported(true);
        registration.addMapping(mapping);
    }

    @Override
    public void close() {
        socketIo.close();
        boolean writersStopped = httpThreads.stop(httpWriters, Duration.ofSeconds(5));
        if (!timerThreads.stop(timers, Duration.ofSeconds(5)) || !writersStopped) {
            LOG.warning("prediction threads did not stop within 5 s");
        }
        catalog.close();
        JdkLeaks.releaseRecordMethodCaches();
    }
}
