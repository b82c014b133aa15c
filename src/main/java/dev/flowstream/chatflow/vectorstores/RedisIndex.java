package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.support.RedisAddress;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.SortingOrder;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.search.Document;
import redis.clients.jedis.search.FTCreateParams;
import redis.clients.jedis.search.FTSearchParams;
import redis.clients.jedis.search.IndexDataType;
import redis.clients.jedis.search.schemafields.TextField;
import redis.clients.jedis.search.schemafields.VectorField;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Redis search index as LangChain's RedisVectorStore lays it out: hashes under
 * {@code doc:<index>:<n>} holding the text, the metadata as escaped JSON and the vector as
 * little-endian FLOAT32 bytes, indexed by an HNSW COSINE vector field; a search is a KNN query
 * sorted by {@code vector_score}, the cosine distance. The connection pool opens on first use and
 * closes with the flow; it keeps no thread of its own.
 *
 * <p>Threading: thread-safe; calls block on the network.
 */
final class RedisIndex implements AutoCloseable {

    private static final String SCORE = "vector_score";
    private static final int MAX_POOL = 4;
    private static final int TIMEOUT_MS = 10_000;
    /** RediSearch's answer to a query vector of another size, in bytes (4 a dimension). */
    private static final Pattern BLOB_SIZE = Pattern.compile("blob size \\((\\d+)\\) does not match index's expected size \\((\\d+)\\)");

    private final ExportNode node;
    private final RedisSettings settings;
    private final Embedder embeddings;
    private RedisClient client; // guarded by this
    private boolean closed;     // guarded by this

    RedisIndex(ExportNode node, RedisSettings settings, Embedder embeddings) {
        this.node = node;
        this.settings = settings;
        this.embeddings = embeddings;
    }

    /** The index's document count and vector length; empty while there is no such index. */
    Optional<Info> info() {
        return call(() -> {
            try {
                return Optional.of(Info.of(client().ftInfo(settings.index()), settings.vectorKey()));
            } catch (JedisDataException e) {
                if (missingIndex(e)) return Optional.empty();
                throw e;
            }
        });
    }

    void create(int dimension) {
        Map<String, Object> vector = new LinkedHashMap<>();
        vector.put("TYPE", "FLOAT32");
        vector.put("DIM", dimension);
        vector.put("DISTANCE_METRIC", "COSINE");
        call(() -> client().ftCreate(settings.index(),
                FTCreateParams.createParams().on(IndexDataType.HASH).prefix(settings.keyPrefix()),
                List.of(new VectorField(settings.vectorKey(), VectorField.VectorAlgorithm.HNSW, vector),
                        new TextField(settings.contentKey()), new TextField(settings.metadataKey()))));
    }

    /** Drops the index and the documents it covers. */
    void drop() {
        call(() -> client().ftDropIndexDD(settings.index()));
    }

    /** Writes each document's hash under the next free keys, numbered from {@code first}. */
    void add(List<SourceDocument> documents, List<float[]> vectors, long first) {
        List<Map<byte[], byte[]>> hashes = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            fields.put(bytes(settings.vectorKey()), floats(vectors.get(i)));
            fields.put(bytes(settings.contentKey()), bytes(documents.get(i).pageContent()));
            fields.put(bytes(settings.metadataKey()), bytes(escape(json(documents.get(i).metadata()))));
            hashes.add(fields);
        }
        call(() -> {
            try (AbstractPipeline pipeline = client().pipelined()) {
                for (int i = 0; i < hashes.size(); i++) pipeline.hset(bytes(settings.keyPrefix() + (first + i)), hashes.get(i));
                pipeline.sync();
            }
            return null;
        });
    }

    /** The {@code k} nearest documents, nearest first, scored by cosine distance; none while there is no index. */
    List<ScoredDocument> search(float[] vector, int k) {
        FTSearchParams params = FTSearchParams.searchParams()
                .addParam("vector", floats(vector))
                .returnFields(settings.metadataKey(), settings.contentKey(), SCORE)
                .sortBy(SCORE, SortingOrder.ASC)
                .dialect(2)
                .limit(0, k);
        String query = "*=>[KNN " + k + " @" + settings.vectorKey() + " $vector AS " + SCORE + "]";
        return call(() -> {
            List<ScoredDocument> found = new ArrayList<>();
            try {
                for (Document document : client().ftSearch(settings.index(), query, params).getDocuments()) {
                    found.add(new ScoredDocument(new SourceDocument(text(document, settings.contentKey()),
                            metadata(text(document, settings.metadataKey()))), Double.parseDouble(text(document, SCORE))));
                }
            } catch (JedisDataException e) {
                if (missingIndex(e)) return List.of();
                Matcher sizes = BLOB_SIZE.matcher(String.valueOf(e.getMessage()));
                if (sizes.find()) {
                    throw Dimensions.mismatch(node, holder(), Integer.parseInt(sizes.group(2)) / Float.BYTES, embeddings,
                            Integer.parseInt(sizes.group(1)) / Float.BYTES);
                }
                throw e;
            }
            return found;
        });
    }

    String holder() {
        return "Redis index " + settings.index();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) client.close();
    }

    private synchronized RedisClient client() {
        if (closed) throw new ChatflowException(Kind.CHAIN, who() + " belongs to a flow that was replaced");
        if (client != null) return client;
        RedisAddress server = settings.server();
        // RESP2: the answers' shapes (FT.INFO's attributes as lists) are the same on every server version
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().resp2()
                .timeoutMillis(TIMEOUT_MS).ssl(server.ssl()).database(server.database()).clientName("flowstream");
        server.user().ifPresent(config::user);
        server.password().ifPresent(config::password);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(MAX_POOL);
        pool.setMaxIdle(MAX_POOL);
        pool.setMinIdle(0);
        pool.setJmxEnabled(false); // one MBean a flow would outlive an undeploy
        client = RedisClient.builder().hostAndPort(server.host(), server.port()).clientConfig(config.build()).poolConfig(pool).build();
        return client;
    }

    private <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (JedisConnectionException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + " could not reach Redis at " + settings.server().where(), e);
        } catch (JedisDataException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": Redis refused: " + reason(e), e);
        } catch (JedisException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": Redis failed: " + e.getMessage(), e);
        }
    }

    private String reason(JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("unknown command")) {
            return "it has no search commands (FT.*): use Redis 8 or Redis Stack";
        }
        return message;
    }

    private static boolean missingIndex(JedisDataException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unknown index name") || message.contains("no such index");
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }

    private static String text(Document document, String field) {
        Object value = document.get(field);
        if (value == null) return "";
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : value.toString();
    }

    /** The metadata LangChain wrote: JSON with each {@code -} escaped for the query syntax. */
    private static Map<String, Object> metadata(String escaped) {
        if (escaped.isEmpty()) return Map.of();
        try {
            JsonNode parsed = Json.reader().readTree(escaped.replace("\\-", "-"));
            return parsed != null && parsed.isObject() ? VendorJson.metadata(parsed) : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String json(Map<String, Object> metadata) {
        try {
            return Json.writer().writeValueAsString(metadata);
        } catch (IOException e) {
            throw new IllegalArgumentException("metadata cannot be written as JSON", e);
        }
    }

    private static String escape(String json) {
        return json.replace("-", "\\-");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] floats(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) buffer.putFloat(value);
        return buffer.array();
    }

    /** What FT.INFO tells of the index: how many documents it holds, and its vectors' length when the server says. */
    record Info(long documents, Optional<Integer> dimension) {

        static Info of(Map<String, Object> info, String vectorKey) {
            long documents = number(info.get("num_docs")).orElse(0L);
            Optional<Integer> dimension = Optional.empty();
            if (info.get("attributes") instanceof List<?> attributes) {
                for (Object attribute : attributes) {
                    if (attribute instanceof List<?> pairs && vectorKey.equals(value(pairs, "identifier"))) {
                        dimension = number(value(pairs, "dim")).map(Long::intValue);
                    }
                }
            }
            return new Info(documents, dimension);
        }

        private static Object value(List<?> pairs, String name) {
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                if (name.equalsIgnoreCase(String.valueOf(pairs.get(i)))) return pairs.get(i + 1);
            }
            return null;
        }

        private static Optional<Long> number(Object value) {
            if (value instanceof Number n) return Optional.of(n.longValue());
            try {
                return value == null ? Optional.empty() : Optional.of((long) Double.parseDouble(value.toString()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
