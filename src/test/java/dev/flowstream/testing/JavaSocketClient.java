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
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(transports.length == 0 ? null : transports).build();
        Socket socket = IO.socket(URI.create(baseUrl), options);
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

    public static int length(Object data) {
        return data instanceof JSONArray array ? array.length() : -1;
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
