package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.support.RedisAddress;
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
 * {@code doc:<index>:<n>} ({@link RedisHash}), indexed by an HNSW COSINE vector field; a search is a KNN query
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
    Optional<RedisIndexInfo> info() {
        return call(() -> {
            try {
                return Optional.of(RedisIndexInfo.of(client().ftInfo(settings.index()), settings.vectorKey()));
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
        for (int i = 0; i < documents.size(); i++) hashes.add(RedisHash.fields(settings, documents.get(i), vectors.get(i)));
        call(() -> {
            try (AbstractPipeline pipeline = client().pipelined()) {
                for (int i = 0; i < hashes.size(); i++) pipeline.hset(RedisHash.bytes(settings.keyPrefix() + (first + i)), hashes.get(i));
                pipeline.sync();
            }
            return null;
        });
    }

    /** The {@code k} nearest documents, nearest first, scored by cosine distance; none while there is no index. */
    List<ScoredDocument> search(float[] vector, int k) {
        FTSearchParams params = FTSearchParams.searchParams()
                .addParam("vector", RedisHash.floats(vector))
                .returnFields(settings.metadataKey(), settings.contentKey(), SCORE)
                .sortBy(SCORE, SortingOrder.ASC)
                .dialect(2)
                .limit(0, k);
        String query = "*=>[KNN " + k + " @" + settings.vectorKey() + " $vector AS " + SCORE + "]";
        return call(() -> {
            List<ScoredDocument> found = new ArrayList<>();
            try {
                for (Document document : client().ftSearch(settings.index(), query, params).getDocuments()) {
                    found.add(new ScoredDocument(RedisHash.document(settings, document),
                            Double.parseDouble(RedisHash.text(document, SCORE))));
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
}
