package dev.flowstream.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The server every provider stub owns: a JDK {@link HttpServer} on 127.0.0.1 served by a cached pool
 * of named daemon threads, with the received requests counted and recorded (the last one's body,
 * headers and URI; every body). A stub binds one, registers its protocol's handlers, then starts it.
 *
 * <p>Threading: each request is handled on its own pooled thread; the recorded requests are safe
 * to read from any thread; {@link #close} stops the server, interrupts the pool, waits up to 5 s
 * for it and is idempotent.
 */
final class StubServer implements AutoCloseable {

    /** Answers one exchange; the server closes the exchange afterwards. */
    @FunctionalInterface
    interface Handler {
        void serve(HttpExchange exchange) throws IOException;
    }

    /** A request as {@link #receive} recorded it: its number (from 1) and its body. */
    record Received(int number, String body) {
    }

    private record Last(String body, Headers headers, URI uri) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<Last> last = new AtomicReference<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private StubServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Binds (without starting) a server for {@code what} (for the error), its threads named by number. */
    static StubServer bind(String what, int port, int backlog, IntFunction<String> threadName) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName.apply(threads.incrementAndGet()));
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
            server.setExecutor(pool);
            return new StubServer(server, pool);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot start the " + what + " on port " + port, e);
        }
    }

    /** Serves {@code path} with {@code handler}, ignoring the errors of a client that went away. */
    StubServer handle(String path, Handler handler) {
        return context(path, exchange -> {
            try (exchange) {
                handler.serve(exchange);
            } catch (IOException | RuntimeException e) {
                // the client went away: nothing more to say
            }
        });
    }

    /** Serves {@code path} with a plain handler, whose errors the JDK server sees. */
    StubServer context(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    StubServer start() {
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:PORT}. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    boolean isClosed() {
        return closed;
    }

    /** Reads the request body and records the request, then counts it. */
    Received receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Headers headers = new Headers();
        headers.putAll(exchange.getRequestHeaders());
        last.set(new Last(body, headers, exchange.getRequestURI()));
        bodies.add(body);
        return new Received(requests.incrementAndGet(), body);
    }

    int requests() {
        return requests.get();
    }

    Optional<String> lastBody() {
        return Optional.ofNullable(last.get()).map(Last::body);
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** A header of the last request, by case-insensitive name. */
    Optional<String> lastHeader(String name) {
        return Optional.ofNullable(last.get()).map(request -> request.headers().getFirst(name));
    }

    Optional<URI> lastUri() {
        return Optional.ofNullable(last.get()).map(Last::uri);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The port a stub's {@code main} was given, else 0 (any free port). */
    static int port(String[] args) {
        return args.length > 0 ? Integer.parseInt(args[0]) : 0;
    }

    /** For a stub's {@code main}: prints {@code VARIABLE=url} for scripts, then serves until the JVM exits. */
    static void serveForever(String variable, String url, Runnable close) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(close));
        System.out.println(variable + "=" + url);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
