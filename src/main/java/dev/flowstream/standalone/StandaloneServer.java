package dev.flowstream.standalone;

import dev.flowstream.Flowstream;
import dev.flowstream.FlowstreamInitializer;
import dev.flowstream.config.Settings;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletStackTraces;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Flowstream on embedded Undertow: the very same initializer, servlets and endpoint a container
 * gets, deployed from an unpacked WAR (or any web root). {@link #close} stops everything it
 * started; a JVM shutdown (SIGTERM) closes it too.
 *
 * <p>Threading: start and close from one thread; Undertow serves on its own I/O and worker threads.
 */
public final class StandaloneServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneServer.class.getName());

    private final XnioWorker worker;
    private final DeploymentManager manager;
    private final Undertow undertow;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneServer(XnioWorker worker, DeploymentManager manager, Undertow undertow) {
        this.worker = worker;
        this.manager = manager;
        this.undertow = undertow;
    }

    /** Entry point from {@link Launcher}: serves {@code webRoot} until the JVM is stopped. */
    public static void main(Path webRoot, String[] args) throws Exception {
        long started = System.nanoTime();
        Settings settings = Settings.from(System::getProperty);
        if (settings.configDir().isEmpty() && Files.isDirectory(Path.of("server-config"))) {
            settings = settings.withConfigDir(Path.of("server-config").toAbsolutePath());
        }
        keepProviderConnectionsBriefly(settings);
        StandaloneServer server;
        try {
            server = start(settings, webRoot);
        } catch (IOException | RuntimeException e) {
            System.err.println("Flowstream could not start on " + settings.host() + ":" + settings.port() + ": " + rootCause(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "flowstream-shutdown"));
        System.out.printf("Flowstream ready in %d ms: http://%s:%d/%n", (System.nanoTime() - started) / 1_000_000,
                displayHost(settings.host()), server.port());
    }

    /**
     * The JDK HTTP client keeps idle connections 1,200 s by default, far longer than providers and
     * proxies do; reusing one they closed fails the next request. The bound is one JVM-wide
     * property, read once: the standalone server owns its JVM and sets it from
     * {@code flowstream.upstream.keepalive.ms} unless the command line did. (In an application
     * server that is the operator's JVM option to set; a request on a closed connection is sent
     * again either way.)
     */
    private static void keepProviderConnectionsBriefly(Settings settings) {
        String property = "jdk.httpclient.keepalive.timeout";
        if (System.getProperty(property) != null) return;
        long seconds = Math.max(1, settings.models().keepAlive().toSeconds());
        System.setProperty(property, String.valueOf(seconds));
    }

    public static StandaloneServer start(Settings settings, Path webRoot) throws IOException {
        return start(settings, webRoot, 0);
    }

    /**
     * @param sendBufferBytes the kernel send buffer of each accepted connection; 0 keeps the system's
     *                        (self-tuning) default. Small values make a client that stops reading
     *                        felt at once, as over a real network: for tests.
     */
    public static StandaloneServer start(Settings settings, Path webRoot, int sendBufferBytes) throws IOException {
        ClientGoneLogs.install();
        XnioWorker worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, Math.max(2, Runtime.getRuntime().availableProcessors()))
                .set(Options.WORKER_TASK_MAX_THREADS, 64)
                .set(Options.THREAD_DAEMON, false)
                .getMap());
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment(settings, webRoot, worker));
        Undertow undertow = null;
        try {
            manager.deploy();
            HttpHandler handler = manager.start();
            Undertow.Builder builder = Undertow.builder()
                    .setWorker(worker)
                    .addHttpListener(settings.port(), settings.host())
                    .setHandler(new UnreadBodies(handler))
                    // without these a client holds a connection for good by sending half a request
                    // line, or nothing after a request; the body's own bound is AsyncBodies'
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(settings.http().headerTimeout()))
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(settings.http().keepAliveTimeout()))
                    .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(settings.http().idleTimeout()));
            if (sendBufferBytes > 0) builder.setSocketOption(Options.SEND_BUFFER, sendBufferBytes);
            undertow = builder.build();
            undertow.start();
            return new StandaloneServer(worker, manager, undertow);
        } catch (jakarta.servlet.ServletException | RuntimeException e) {
            new StandaloneServer(worker, manager, undertow).close();
            throw new IOException("Flowstream failed to start", e);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) cause = cause.getCause();
        return cause.toString();
    }

    private static DeploymentInfo deployment(Settings settings, Path webRoot, XnioWorker worker) {
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(StandaloneServer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("flowstream")
                .setResourceManager(new PathResourceManager(webRoot))
                .addWelcomePage("index.html")
                // Undertow shows stack traces to loopback clients by default: never show them
                .setServletStackTraces(ServletStackTraces.NONE)
                .addServletContainerInitializer(new ServletContainerInitializerInfo(FlowstreamInitializer.class,
                        new ImmediateInstanceFactory<>(new FlowstreamInitializer(settings)), Set.of()))
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, new WebSocketDeploymentInfo()
                        .setWorker(worker)
                        .setBuffers(new DefaultByteBufferPool(true, 16 * 1024))
                        // Websocket frames are handled on the connection's I/O thread, not dispatched to
                        // the worker pool: that pool also runs servlet requests, and when those were
                        // blocked, pongs waited behind them and every live socket.io client timed out.
                        // The I/O thread is safe because the engine.io endpoint never blocks: frames are
                        // parsed and handed on, every write goes through a non-blocking outbox and
                        // closes run on our executor. (Undertow calls onOpen on the I/O thread anyway.)
                        .setDispatchToWorkerThread(false));
        return info;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** The running Flowstream, for tests that look inside (e.g. at the socket registry). */
    public Optional<Flowstream> flowstream() {
        return Optional.ofNullable((Flowstream) manager.getDeployment().getServletContext()
                .getAttribute(Flowstream.class.getName()));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (undertow != null) undertow.stop();
            manager.stop();
            manager.undeploy();
        } catch (jakarta.servlet.ServletException | RuntimeException e) {
            LOG.warning("stopping the deployment failed: " + rootCause(e));
        } finally {
            worker.shutdown();
        }
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }
}
