package dev.flowstream.socketio;

import dev.flowstream.config.Settings;
import dev.flowstream.http.HttpException;
import dev.flowstream.platform.DaemonThreads;
import dev.flowstream.streaming.SocketRegistry;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoServerOptions;
import io.socket.socketio.server.SocketIoSocket;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * One deployment's engine.io + socket.io servers and the threads they run on. Connected sockets
 * are put into the {@link SocketRegistry} on {@code connection} and taken out on
 * {@code disconnect}.
 *
 * <p>Threading: built once at start-up, used from any thread, closed once at shutdown. The
 * executors are ours (not the library's) so {@link #close} can wait for them: a container that
 * undeploys the webapp then finds no thread left behind.
 */
public final class SocketIoRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SocketIoRuntime.class.getName());

    private final SessionTimers timers;
    private final OpenSessions sessions = new OpenSessions();
    private final ExecutorService writers;
    private final EngineIoServer engineIo;
    private final Settings settings;
    private final HandshakeLimiter handshakes;
    private final LibraryLogs libraryLogs = LibraryLogs.install();
    private volatile Optional<TyrusRelay> tyrusRelay = Optional.empty();
    /** The websocket whose handshake is running on this thread (engine.io assigns its sid inside). */
    private final ThreadLocal<WebSocketConnection> handshaking = new ThreadLocal<>();
    private final DaemonThreads timerThreads = DaemonThreads.named("flowstream-engineio-timer");
    private final DaemonThreads writerThreads = DaemonThreads.named("flowstream-socket-writer");

    public SocketIoRuntime(Settings settings, SocketRegistry registry) {
        this.settings = settings;
        this.handshakes = new HandshakeLimiter(settings.socketIo().handshakesPerSecond());
        this.timers = new SessionTimers(timerThreads);
        this.writers = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), writerThreads);
        this.engineIo = new EngineIoServer(options(settings, timers));
        engineIo.on("connection", args -> track((EngineIoSocket) args[0]));
        SocketIoServer socketIo = new SocketIoServer(engineIo, SocketIoServerOptions.newFromDefault()
                .setConnectionTimeout(settings.socketIo().connectTimeout().toMillis()));
        socketIo.namespace("/").on("connection", args -> register((SocketIoSocket) args[0], registry));
    }

    public ExecutorService writers() {
        return writers;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Prepares the websocket transport on the container's WebSocket implementation; call once the
     * context is initialised. Only Tyrus needs anything: see {@link TyrusRelay}.
     */
    public void adoptWebSocketContainer(ServerContainer container) {
        tyrusRelay = TyrusRelay.installIfNeeded(container, settings.socketIoPath());
    }

    Optional<TyrusRelay> tyrusRelay() {
        return tyrusRelay;
    }

    /** Refuses a new session when the client's address opened too many in the last moments. */
    void admitHandshake(String clientAddress) {
        if (!handshakes.tryAcquire(clientAddress)) {
            throw new HttpException(429, "too many new socket.io connections from this address: at most "
                    + handshakes.perSecond() + " a second (flowstream.handshake.rate)", Map.of("Retry-After", "1"));
        }
    }

    /** engine.io sessions open now (for diagnostics and tests). */
    public int sessionCount() {
        return sessions.count();
    }

    /** Websockets remembered for their session's flushes (for diagnostics and tests). */
    public int webSocketCount() {
        return sessions.webSocketCount();
    }

    /** Timers scheduled and not yet run (for diagnostics and tests): a few per open session. */
    public int pendingTimers() {
        return timers.getQueue().size();
    }

    boolean hasSession(String sid) {
        return sessions.isOpen(sid);
    }

    /**
     * Hands a websocket to engine.io, remembering which engine.io session it belongs to. An
     * upgrade is remembered only once the library has taken it (it closes one for an unknown or
     * already upgraded session at once), and never in place of another connection. What the
     * library throws comes out as a {@link LibraryFailure}.
     */
    void handleWebSocket(WebSocketConnection connection) {
        String sid = connection.getQuery().get("sid");
        SessionTimers.Session session = sid == null ? new SessionTimers.Session() : sessions.timersOf(sid);
        connection.chargeTimersTo(session);
        handshaking.set(connection);
        try {
            SessionTimers.runAs(session, () -> LibraryFailure.call(() -> engineIo.handleWebSocket(connection)));
        } finally {
            handshaking.remove();
        }
        if (sid != null && !connection.closing()) sessions.adopt(sid, connection);
    }

    /**
     * Hands a polling request to engine.io, charging the timers it schedules to its session (a new
     * one for a handshake; none for an unknown session id, which the library refuses). What the
     * library throws comes out as a {@link LibraryFailure}.
     */
    void handlePolling(HttpServletRequest request, HttpServletResponse response, Optional<String> sid) throws IOException {
        SessionTimers.Session session = sid.isEmpty() ? new SessionTimers.Session() : sessions.timersOf(sid.get());
        SessionTimers.runAs(session, () -> LibraryFailure.call(() -> engineIo.handleRequest(request, response)));
    }

    private void track(EngineIoSocket socket) {
        String sid = socket.getId();
        sessions.open(sid, SessionTimers.current().orElseGet(SessionTimers.Session::new), Optional.ofNullable(handshaking.get()));
        socket.on("close", args -> sessions.close(sid));
    }

    private void register(SocketIoSocket socket, SocketRegistry registry) {
        String engineSid = socket.getClient().getConnection().getId();
        SocketIoLiveSocket live = new SocketIoLiveSocket(socket, writers, settings.socketIo().queueBytes(),
                () -> sessions.drained(engineSid));
        registry.add(live);
        socket.on("disconnect", args -> {
            registry.remove(live);
            live.close();
        });
    }

    private static EngineIoServerOptions options(Settings settings, SessionTimers timers) {
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
        options.setPingInterval(settings.socketIo().pingInterval().toMillis());
        options.setPingTimeout(settings.socketIo().pingTimeout().toMillis());
        // CORS is ours: the library reflects any origin with credentials and ignores preflight.
        options.setCorsHandlingDisabled(true);
        // Only the handshake runs synchronously, so its answer waits until the sid is registered.
        options.setAllowSyncPolling(true);
        options.setScheduledExecutorService(timers);
        return options;
    }

    /** Stops the servers and waits (bounded) for every thread we started. Idempotent. */
    @Override
    public void close() {
        engineIo.shutdown();
        libraryLogs.close();
        boolean timersStopped = timerThreads.stop(timers, Duration.ofSeconds(5));
        if (!writerThreads.stop(writers, Duration.ofSeconds(5)) || !timersStopped) {
            LOG.warning("socket.io threads did not stop within 5 s");
        }
    }
}
