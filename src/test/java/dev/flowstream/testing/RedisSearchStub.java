package dev.flowstream.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis with its search commands as Redis's documentation describes them, on loopback, speaking
 * RESP2: {@code HELLO 2} (with {@code AUTH}), {@code AUTH}, {@code PING}, {@code SELECT}, {@code CLIENT}, {@code HSET},
 * {@code FT.CREATE} (ON HASH, PREFIX, a VECTOR field with TYPE FLOAT32, DIM and DISTANCE_METRIC
 * COSINE, TEXT fields), {@code FT.INFO} ({@code num_docs}, {@code attributes} with the vector's
 * {@code dim}; "Unknown index name" when missing), {@code FT.DROPINDEX} (with {@code DD}, the
 * documents too) and {@code FT.SEARCH} with a KNN query
 * ({@code *=>[KNN k @field $param AS score]}, PARAMS, RETURN, SORTBY, DIALECT, LIMIT), scoring by
 * cosine distance, with RediSearch's error for a query vector of the wrong size. Redis with vector
 * search (8, or Redis Stack) is not installable here: Debian's search module is version 1.2,
 * without vectors. Every command is recorded for the test to assert.
 *
 * <p>Threading: one thread per connection; the data is concurrent.
 */
public final class RedisSearchStub implements AutoCloseable {

    private static final Pattern KNN = Pattern.compile("\\*\\s*=>\\s*\\[KNN (\\d+) @(\\w+) \\$(\\w+) AS (\\w+)\\]");

    /** An index as FT.CREATE made it. */
    public record Index(String prefix, String vectorField, int dimension, List<String> textFields) {
    }

    private final ServerSocket server;
    private final Optional<String> password;
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, byte[]>> hashes = new ConcurrentHashMap<>();
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();

    private RedisSearchStub(ServerSocket server, Optional<String> password) {
        this.server = server;
        this.password = password;
        Thread acceptor = new Thread(this::accept, "redis-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts on a free loopback port; with a password, every command but AUTH needs it first. */
    public static RedisSearchStub start(Optional<String> password) {
        try {
            return new RedisSearchStub(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** An index made beforehand, as another program would have made it. */
    public RedisSearchStub withIndex(String name, String prefix, String vectorField, int dimension) {
        indexes.put(name, new Index(prefix, vectorField, dimension, List.of("content", "metadata")));
        return this;
    }

    public Optional<Index> index(String name) {
        return Optional.ofNullable(indexes.get(name));
    }

    /** The hashes stored now, by key. */
    public Map<String, Map<String, byte[]>> hashes() {
        return hashes;
    }

    /** Every command received, as its words (binary arguments decoded as UTF-8). */
    public List<List<String>> commands() {
        return List.copyOf(commands);
    }

    public List<List<String>> commands(String name) {
        return commands.stream().filter(words -> words.get(0).equalsIgnoreCase(name)).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "redis-stub-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        boolean authenticated = password.isEmpty();
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            while (true) {
                List<byte[]> args = readCommand(in);
                List<String> words = args.stream().map(arg -> new String(arg, StandardCharsets.UTF_8)).toList();
                commands.add(words);
                String name = words.get(0).toUpperCase(Locale.ROOT);
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                if (name.equals("AUTH")) {
                    authenticated = password.map(expected -> expected.equals(words.get(words.size() - 1))).orElse(true);
                    simple(reply, authenticated ? "+OK" : "-WRONGPASS invalid username-password pair or user is disabled.");
                } else if (name.equals("HELLO")) {
                    int auth = indexOf(words, "AUTH");
                    if (auth > 0) authenticated = password.map(expected -> expected.equals(words.get(auth + 2))).orElse(true);
                    if (!words.get(1).equals("2")) {
                        simple(reply, "-NOPROTO sorry, this protocol version is not supported.");
                    } else if (!authenticated) {
                        simple(reply, auth > 0 ? "-WRONGPASS invalid username-password pair or user is disabled."
                                : "-NOAUTH HELLO must be called with the client already authenticated");
                    } else {
                        array(reply, List.of("server", "redis", "version", "8.2.0", "proto", 2L, "id", 1L, "mode", "standalone",
                                "role", "master", "modules", List.of()));
                    }
                } else if (!authenticated) {
                    simple(reply, "-NOAUTH Authentication required.");
                } else {
                    handle(name, words, args, reply);
                }
                out.write(reply.toByteArray());
                out.flush();
            }
        } catch (EOFException | java.net.SocketException gone) {
            // the client closed its connection
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(String name, List<String> words, List<byte[]> args, ByteArrayOutputStream reply) {
        switch (name) {
            case "PING" -> simple(reply, "+PONG");
            case "SELECT", "CLIENT" -> simple(reply, "+OK");
            case "HSET" -> {
                Map<String, byte[]> hash = hashes.computeIfAbsent(words.get(1), key -> new ConcurrentHashMap<>());
                int added = 0;
                for (int i = 2; i + 1 < args.size(); i += 2) {
                    if (hash.put(words.get(i), args.get(i + 1)) == null) added++;
                }
                simple(reply, ":" + added);
            }
            case "FT.CREATE" -> create(words, reply);
            case "FT.INFO" -> info(words.get(1), reply);
            case "FT.DROPINDEX" -> {
                Index dropped = indexes.remove(words.get(1));
                if (dropped == null) {
                    simple(reply, "-Unknown Index name");
                } else {
                    if (words.size() > 2 && words.get(2).equalsIgnoreCase("DD")) hashes.keySet().removeIf(key -> key.startsWith(dropped.prefix()));
                    simple(reply, "+OK");
                }
            }
            case "FT.SEARCH" -> search(words, args, reply);
            default -> simple(reply, "-ERR unknown command '" + words.get(0) + "', with args beginning with: ");
        }
    }

    private void create(List<String> words, ByteArrayOutputStream reply) {
        int prefixAt = indexOf(words, "PREFIX");
        String prefix = prefixAt < 0 ? "" : words.get(prefixAt + 2);
        int schema = indexOf(words, "SCHEMA");
        String vectorField = null;
        int dimension = 0;
        List<String> text = new ArrayList<>();
        for (int i = schema + 1; i < words.size(); ) {
            String field = words.get(i);
            String type = words.get(i + 1).toUpperCase(Locale.ROOT);
            if (type.equals("VECTOR")) {
                int count = Integer.parseInt(words.get(i + 3));
                for (int j = i + 4; j < i + 4 + count; j += 2) {
                    if (words.get(j).equalsIgnoreCase("DIM")) dimension = Integer.parseInt(words.get(j + 1));
                    if (words.get(j).equalsIgnoreCase("DISTANCE_METRIC") && !words.get(j + 1).equalsIgnoreCase("COSINE")) {
                        throw new IllegalStateException("this stub scores by COSINE only");
                    }
                }
                vectorField = field;
                i += 4 + count;
            } else {
                text.add(field);
                i += 2;
            }
        }
        if (indexes.putIfAbsent(words.get(1), new Index(prefix, vectorField, dimension, text)) != null) {
            simple(reply, "-Index already exists");
        } else {
            simple(reply, "+OK");
        }
    }

    private void info(String name, ByteArrayOutputStream reply) {
        Index index = indexes.get(name);
        if (index == null) {
            simple(reply, "-Unknown index name");
            return;
        }
        List<Object> attributes = new ArrayList<>();
        attributes.add(List.of("identifier", index.vectorField(), "attribute", index.vectorField(), "type", "VECTOR",
                "algorithm", "HNSW", "data_type", "FLOAT32", "dim", (long) index.dimension(), "distance_metric", "COSINE"));
        for (String field : index.textFields()) {
            attributes.add(List.of("identifier", field, "attribute", field, "type", "TEXT", "WEIGHT", "1"));
        }
        array(reply, List.of("index_name", name, "num_docs", String.valueOf(documents(index).size()), "attributes", attributes));
    }

    private void search(List<String> words, List<byte[]> args, ByteArrayOutputStream reply) {
        Index index = indexes.get(words.get(1));
        if (index == null) {
            simple(reply, "-" + words.get(1) + ": no such index");
            return;
        }
        Matcher knn = KNN.matcher(words.get(2).trim());
        if (!knn.matches() || !knn.group(2).equals(index.vectorField())) {
            simple(reply, "-Syntax error in query: " + words.get(2));
            return;
        }
        int k = Integer.parseInt(knn.group(1));
        int params = indexOf(words, "PARAMS");
        byte[] blob = null;
        for (int i = params + 2; params >= 0 && i + 1 < params + 2 + Integer.parseInt(words.get(params + 1)); i += 2) {
            if (words.get(i).equals(knn.group(3))) blob = args.get(i + 1);
        }
        if (blob == null) {
            simple(reply, "-No such parameter `" + knn.group(3) + "`");
            return;
        }
        if (blob.length != index.dimension() * Float.BYTES) {
            simple(reply, "-Error parsing vector similarity query: query vector blob size (" + blob.length
                    + ") does not match index's expected size (" + index.dimension() * Float.BYTES + ").");
            return;
        }
        float[] query = floats(blob);
        String scoreName = knn.group(4);
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        documents(index).forEach((key, hash) -> scored.add(Map.entry(key, cosineDistance(query, floats(hash.get(index.vectorField()))))));
        scored.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<Map.Entry<String, Double>> nearest = scored.subList(0, Math.min(k, scored.size()));
        int limit = indexOf(words, "LIMIT");
        int from = limit < 0 ? 0 : Integer.parseInt(words.get(limit + 1));
        int size = limit < 0 ? 10 : Integer.parseInt(words.get(limit + 2));
        int returns = indexOf(words, "RETURN");
        List<String> fields = returns < 0 ? List.of() : words.subList(returns + 2, returns + 2 + Integer.parseInt(words.get(returns + 1)));
        List<Object> answer = new ArrayList<>();
        answer.add((long) nearest.size());
        for (Map.Entry<String, Double> match : nearest.subList(Math.min(from, nearest.size()), Math.min(from + size, nearest.size()))) {
            List<Object> values = new ArrayList<>();
            for (String field : fields) {
                if (field.equals(scoreName)) {
                    values.add(field);
                    values.add(String.valueOf(match.getValue()));
                } else if (hashes.get(match.getKey()).containsKey(field)) {
                    values.add(field);
                    values.add(hashes.get(match.getKey()).get(field));
                }
            }
            answer.add(match.getKey());
            answer.add(values);
        }
        array(reply, answer);
    }

    /** The hashes the index covers: under its prefix, with a vector of its length. */
    private Map<String, Map<String, byte[]>> documents(Index index) {
        Map<String, Map<String, byte[]>> covered = new java.util.TreeMap<>();
        hashes.forEach((key, hash) -> {
            byte[] vector = hash.get(index.vectorField());
            if (key.startsWith(index.prefix()) && vector != null && vector.length == index.dimension() * Float.BYTES) {
                covered.put(key, hash);
            }
        });
        return covered;
    }

    private static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return 1 - dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }

    private static float[] floats(byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[blob.length / Float.BYTES];
        for (int i = 0; i < vector.length; i++) vector[i] = buffer.getFloat();
        return vector;
    }

    private static int indexOf(List<String> words, String keyword) {
        for (int i = 0; i < words.size(); i++) if (words.get(i).equalsIgnoreCase(keyword)) return i;
        return -1;
    }

    private static List<byte[]> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (!header.startsWith("*")) throw new IOException("expected an array of bulk strings, got " + header);
        int count = Integer.parseInt(header.substring(1));
        List<byte[]> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String bulk = line(in);
            int length = Integer.parseInt(bulk.substring(1));
            byte[] value = in.readNBytes(length);
            if (value.length < length) throw new EOFException();
            line(in);
            args.add(value);
        }
        return args;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new EOFException();
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void simple(ByteArrayOutputStream out, String line) {
        out.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void array(ByteArrayOutputStream out, List<?> items) {
        simple(out, "*" + items.size());
        for (Object item : items) {
            if (item instanceof List<?> nested) array(out, nested);
            else if (item instanceof Long number) simple(out, ":" + number);
            else {
                byte[] bytes = item instanceof byte[] raw ? raw : item.toString().getBytes(StandardCharsets.UTF_8);
                simple(out, "$" + bytes.length);
                out.writeBytes(bytes);
                simple(out, "");
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
