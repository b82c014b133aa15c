package dev.flowstream.testing;

import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONArray;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The Java {@code io.socket:socket.io-client}, recording the stream events it receives. */
public final class JavaSocketClient implements AutoCloseable {

    public record Event(String name, Object data) {
    }

    private static final List<String> EVENTS = List.of("start", "token", "sourceDocuments", "usedTools", "error", "end");

    private final Socket socket;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private JavaSocketClient(Socket socket) {
        this.socket = socket;
    }

    public static JavaSocketClient connect(String baseUrl, String... transports) throws Exception {
        return connect(URI.create(baseUrl), "/socket.io", transports);
    }

    /**
     * Connects to a Flowstream under a context path: {@code http://host:port/ctx/} means socket.io at
     * {@code /ctx/socket.io} (in a URL, the Java client would take the path for a namespace).
     */
    public static JavaSocketClient connectBelow(String contextUrl, String... transports) throws Exception {
        URI context = URI.create(contextUrl);
        String path = context.getPath().endsWith("/") ? context.getPath() : context.getPath() + "/";
        return connect(context.resolve("/"), path + "socket.io", transports);
    }

    private static JavaSocketClient connect(URI origin, String path, String... transports) throws Exception {
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false).setPath(path)
                .setTransports(transports.length == 0 ? null : transports).build();
        Socket socket = IO.socket(origin, options);
        JavaSocketClient client = new JavaSocketClient(socket);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new IllegalStateException(String.valueOf(args[0]))));
        for (String name : EVENTS) {
            socket.on(name, args -> {
                client.events.add(new Event(name, args.length == 0 ? null : args[0]));
                if (name.equals("end")) client.ended.countDown();
            });
        }
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        return client;
    }

    public String id() {
        return socket.id();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public String tokens() {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.name().equals("token")).forEach(e -> text.append(e.data()));
        return text.toString();
    }

    public boolean awaitEnd(long seconds) throws InterruptedException {
        return ended.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits until {@code count} {@code end} events have arrived (the client handles events on its own thread). */
    public boolean awaitEnds(int count, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (events.stream().filter(e -> e.name().equals("end")).count() < count) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    public static int length(Object data) {
        return data instanceof JSONArray array ? array.length() : -1;
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
