package dev.flowstream.testing;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MongoDB server as MongoDB Atlas answers the Java driver, on loopback, speaking the wire protocol
 * as MongoDB's documentation describes it: the handshake ({@code isMaster}/{@code hello} in OP_QUERY,
 * answered by OP_REPLY, or in OP_MSG) and the monitor's heartbeats, as a standalone server without
 * {@code topologyVersion} (so the driver polls); {@code insert} with its {@code documents} sequence;
 * {@code aggregate} whose first stage is {@code $vectorSearch} (scored as Atlas scores a cosine index,
 * {@code (1 + cosine) / 2}, over the documents holding a vector at the index's path, with
 * {@code filter} conditions of equality), then {@code $set} of {@code {$meta: "vectorSearchScore"}}
 * and {@code $project} exclusions, answered by one cursor batch; {@code endSessions}, {@code ping}.
 * Anything else gets MongoDB's error reply. Atlas Vector Search runs only in MongoDB's cloud. BSON goes
 * through the driver's own org.bson classes. Every command is recorded for the test to assert.
 *
 * <p>Threading: one thread per connection; the data is concurrent.
 */
public final class MongoAtlasStub implements AutoCloseable {

    private static final int OP_REPLY = 1;
    private static final int OP_QUERY = 2004;
    private static final int OP_MSG = 2013;

    /** A command as the server received it: in which message ({@code OP_QUERY} or {@code OP_MSG}), its database, and its body with any document sequences as arrays. */
    public record Command(String message, String database, String name, BsonDocument body) {
    }

    /** An Atlas Vector Search index, as made in Atlas: its name and the field holding the vectors. */
    private record Index(String name, String path) {
    }

    private final ServerSocket server;
    private final Map<String, List<BsonDocument>> collections = new ConcurrentHashMap<>();
    private final Map<String, List<Index>> indexes = new ConcurrentHashMap<>();
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean atlas = true;
    private volatile long searchDelayMs;

    private MongoAtlasStub(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "mongo-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static MongoAtlasStub start() {
        try {
            return new MongoAtlasStub(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A connection string to this server. */
    public String url() {
        return "mongodb://127.0.0.1:" + port() + "/";
    }

    /** Declares an Atlas Vector Search index on {@code database.collection} over the vectors at {@code path}. */
    public MongoAtlasStub withIndex(String database, String collection, String name, String path) {
        indexes.computeIfAbsent(database + "." + collection, key -> new CopyOnWriteArrayList<>()).add(new Index(name, path));
        return this;
    }

    /** Answers {@code $vectorSearch} as a MongoDB outside Atlas does: with an error. */
    public MongoAtlasStub withoutAtlasSearch() {
        atlas = false;
        return this;
    }

    /** Answers each aggregation only after {@code millis}, as a server that is overloaded. */
    public MongoAtlasStub withSlowSearch(long millis) {
        searchDelayMs = millis;
        return this;
    }

    /** The documents of {@code database.collection}, as inserted. */
    public List<BsonDocument> documents(String database, String collection) {
        return List.copyOf(collections.getOrDefault(database + "." + collection, List.of()));
    }

    /** The commands named {@code name}, in order. */
    public List<Command> commands(String name) {
        return commands.stream().filter(command -> command.name().equals(name)).toList();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "mongo-stub-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            DataInputStream data = new DataInputStream(in);
            while (true) {
                byte[] header = new byte[16];
                data.readFully(header);
                ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                int length = head.getInt();
                int requestId = head.getInt();
                head.getInt(); // responseTo
                int opCode = head.getInt();
                byte[] rest = new byte[length - 16];
                data.readFully(rest);
                ByteBuffer body = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN);
                if (opCode == OP_QUERY) {
                    body.getInt(); // flags
                    String collection = cstring(body);
                    body.getInt(); // numberToSkip
                    body.getInt(); // numberToReturn
                    BsonDocument query = document(body);
                    String database = collection.substring(0, collection.indexOf('.'));
                    out.write(reply(requestId, answer("OP_QUERY", database, query)));
                } else if (opCode == OP_MSG) {
                    out.write(message(requestId, answer(opMsg(body))));
                } else {
                    return; // not a message the driver sends: hang up, as mongod does
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client hung up
        }
    }

    /** An OP_MSG's body section, with each document sequence added to it as an array. */
    private static BsonDocument opMsg(ByteBuffer body) {
        int flags = body.getInt();
        int end = body.limit() - ((flags & 1) != 0 ? 4 : 0); // a checksum, when present, closes the message
        BsonDocument command = new BsonDocument();
        List<Map.Entry<String, BsonArray>> sequences = new ArrayList<>();
        while (body.position() < end) {
            byte kind = body.get();
            if (kind == 0) {
                command = document(body);
            } else {
                int start = body.position();
                int size = body.getInt();
                String identifier = cstring(body);
                BsonArray documents = new BsonArray();
                while (body.position() < start + size) documents.add(document(body));
                sequences.add(Map.entry(identifier, documents));
            }
        }
        for (Map.Entry<String, BsonArray> sequence : sequences) command.put(sequence.getKey(), sequence.getValue());
        return command;
    }

    private BsonDocument answer(BsonDocument command) {
        String database = command.containsKey("$db") ? command.getString("$db").getValue() : "admin";
        return answer("OP_MSG", database, command);
    }

    private BsonDocument answer(String message, String database, BsonDocument command) {
        String name = command.getFirstKey();
        commands.add(new Command(message, database, name, command));
        return switch (name) {
            case "isMaster", "ismaster", "hello" -> hello();
            case "ping", "endSessions" -> ok();
            case "insert" -> insert(database, command);
            case "aggregate" -> aggregate(database, command);
            default -> error(59, "CommandNotFound", "no such command: '" + name + "'");
        };
    }

    private BsonDocument hello() {
        return new BsonDocument("helloOk", BsonBoolean.TRUE)
                .append("ismaster", BsonBoolean.TRUE)
                .append("isWritablePrimary", BsonBoolean.TRUE)
                .append("maxBsonObjectSize", new BsonInt32(16 * 1024 * 1024))
                .append("maxMessageSizeBytes", new BsonInt32(48_000_000))
                .append("maxWriteBatchSize", new BsonInt32(100_000))
                .append("localTime", new BsonDateTime(System.currentTimeMillis()))
                .append("logicalSessionTimeoutMinutes", new BsonInt32(30))
                .append("connectionId", new BsonInt32(ids.incrementAndGet()))
                .append("minWireVersion", new BsonInt32(0))
                .append("maxWireVersion", new BsonInt32(21))
                .append("readOnly", BsonBoolean.FALSE)
                .append("ok", new BsonDouble(1));
    }

    private BsonDocument insert(String database, BsonDocument command) {
        BsonArray documents = command.getArray("documents", new BsonArray());
        List<BsonDocument> stored = collections.computeIfAbsent(database + "." + command.getString("insert").getValue(),
                key -> new CopyOnWriteArrayList<>());
        documents.forEach(document -> stored.add(document.asDocument()));
        return ok().append("n", new BsonInt32(documents.size()));
    }

    private BsonDocument aggregate(String database, BsonDocument command) {
        String namespace = database + "." + command.getString("aggregate").getValue();
        if (searchDelayMs > 0) {
            try {
                Thread.sleep(searchDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<BsonValue> pipeline = command.getArray("pipeline").getValues();
        if (pipeline.isEmpty() || !pipeline.get(0).asDocument().containsKey("$vectorSearch")) {
            return error(40324, "Location40324", "this server answers only aggregations that start with $vectorSearch");
        }
        if (!atlas) {
            return error(6047401, "Location6047401", "$vectorSearch stage is only allowed on MongoDB Atlas");
        }
        Optional<List<BsonDocument>> results = new VectorSearch(
                indexes.getOrDefault(namespace, List.of()).stream().map(index -> Map.entry(index.name(), index.path())).toList())
                .run(pipeline.get(0).asDocument().getDocument("$vectorSearch"), collections.getOrDefault(namespace, List.of()));
        if (results.isEmpty()) return error(2, "BadValue", "$vectorSearch needs queryVector, index, path, limit and numCandidates >= limit");
        List<BsonDocument> batch = results.get();
        for (BsonValue stage : pipeline.subList(1, pipeline.size())) {
            Optional<List<BsonDocument>> next = VectorSearch.stage(stage.asDocument(), batch);
            if (next.isEmpty()) return error(40324, "Location40324", "Unrecognized pipeline stage name: " + stage.asDocument().getFirstKey());
            batch = next.get();
        }
        BsonDocument cursor = new BsonDocument("firstBatch", new BsonArray(batch.stream().map(VectorSearch::withoutScore).map(BsonValue.class::cast).toList()))
                .append("id", new BsonInt64(0)).append("ns", new BsonString(namespace));
        return new BsonDocument("cursor", cursor).append("ok", new BsonDouble(1));
    }

    private static BsonDocument ok() {
        return new BsonDocument("ok", new BsonDouble(1));
    }

    private static BsonDocument error(int code, String codeName, String message) {
        return new BsonDocument("ok", new BsonDouble(0)).append("errmsg", new BsonString(message))
                .append("code", new BsonInt32(code)).append("codeName", new BsonString(codeName));
    }

    private byte[] reply(int responseTo, BsonDocument document) {
        byte[] bson = bytes(document);
        ByteBuffer buffer = header(16 + 20 + bson.length, responseTo, OP_REPLY);
        buffer.putInt(0).putLong(0).putInt(0).putInt(1).put(bson);
        return buffer.array();
    }

    private byte[] message(int responseTo, BsonDocument document) {
        byte[] bson = bytes(document);
        ByteBuffer buffer = header(16 + 4 + 1 + bson.length, responseTo, OP_MSG);
        buffer.putInt(0).put((byte) 0).put(bson);
        return buffer.array();
    }

    private ByteBuffer header(int length, int responseTo, int opCode) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(length).putInt(ids.incrementAndGet()).putInt(responseTo).putInt(opCode);
    }

    private static byte[] bytes(BsonDocument document) {
        ByteBuffer raw = new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return bytes;
    }

    private static BsonDocument document(ByteBuffer buffer) {
        int size = buffer.getInt(buffer.position());
        byte[] bytes = new byte[size];
        buffer.get(bytes);
        return new RawBsonDocument(bytes).decode(new BsonDocumentCodec());
    }

    private static String cstring(ByteBuffer buffer) {
        int start = buffer.position();
        while (buffer.get() != 0) {
            // up to the terminating zero
        }
        return new String(buffer.array(), start, buffer.position() - start - 1, StandardCharsets.UTF_8);
    }
}
