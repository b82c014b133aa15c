package dev.flowstream.chatflow.memory;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.MemoryNode;
import dev.flowstream.chatflow.support.RedisAddress;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Flowise's {@code RedisBackedChatMemory}: the conversation of each session kept in Redis in
 * Flowise's layout ({@link RedisHistory}), so it outlives a restart and every server sharing the
 * Redis sees it. The session is {@code overrideConfig.sessionId}, else the request's chatId. Each
 * message pushed renews the list's {@code sessionTTL} (seconds; unset or 0 never expires). With
 * {@code windowSize} k a chain sees the last k exchanges. A session without messages yet starts
 * from the request's {@code history}, which its first exchange stores too. The server comes from
 * the {@code redisCacheUrlApi} or {@code redisCacheApi} credential ({@link RedisAddress}), as for the
 * {@code redis} vector store; its pool opens on first use and closes with the flow. Redis down or
 * refusing fails the request as the provider's failure (502); Redis silent for 10 s, as a timeout (504).
 *
 * <p>Threading: thread-safe; calls block on the network.
 */
final class RedisMemoryNode implements MemoryNode, AutoCloseable {

    static final String NAME = "RedisBackedChatMemory";
    private static final int MAX_POOL = 4;
    private static final int TIMEOUT_MS = 10_000;

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final long ttlSeconds;
    private final Optional<Integer> window;
    private RedisClient client; // guarded by this
    private boolean closed;     // guarded by this

    private RedisMemoryNode(ExportNode node, FlowRuntime runtime, long ttlSeconds, Optional<Integer> window) {
        this.node = node;
        this.runtime = runtime;
        this.ttlSeconds = ttlSeconds;
        this.window = window;
    }

    static RedisMemoryNode load(ExportNode node, FlowRuntime runtime) {
        int ttl = node.inputs().integer("sessionTTL").orElse(0);
        if (ttl < 0) throw node.failure("input sessionTTL must be a number of seconds, 0 or more (0: never expires)");
        Optional<Integer> window = node.inputs().integer("windowSize").filter(k -> k != 0);
        if (window.isPresent() && window.get() < 1) throw node.failure("input windowSize must be at least 1");
        return new RedisMemoryNode(node, runtime, ttl, window);
    }

    @Override
    public List<ChatTurn> history(FlowRequest request) {
        String key = session(request);
        long last = window.map(k -> 2L * k - 1).orElse(-1L);
        List<ChatTurn> stored = RedisHistory.turns(call(() -> client().lrange(key, 0, last)), who(), key);
        if (!stored.isEmpty()) return stored;
        List<ChatTurn> seed = request.history();
        return window.isEmpty() || seed.size() <= 2 * window.get() ? seed : seed.subList(seed.size() - 2 * window.get(), seed.size());
    }

    @Override
    public void remember(FlowRequest request, String answer) {
        String key = session(request);
        List<ChatTurn> turns = new ArrayList<>();
        if (!call(() -> client().exists(key))) turns.addAll(request.history());
        turns.add(new ChatTurn(ChatTurn.Role.USER, request.question()));
        turns.add(new ChatTurn(ChatTurn.Role.ASSISTANT, answer));
        String[] entries = turns.stream().map(RedisHistory::entry).toArray(String[]::new);
        // one LPUSH of the whole exchange: another server's exchange on this session cannot land inside it
        call(() -> client().lpush(key, entries));
        if (ttlSeconds > 0) call(() -> client().expire(key, ttlSeconds));
    }

    /** Flowise's session: the request's {@code overrideConfig.sessionId}, else its chatId. */
    private static String session(FlowRequest request) {
        return request.overrideConfig().get("sessionId") instanceof String id && !id.isBlank() ? id : request.chatId();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) client.close();
    }

    private synchronized RedisClient client() {
        if (closed) throw new ChatflowException(Kind.CHAIN, who() + " belongs to a flow that was replaced");
        if (client == null) client = open(RedisAddress.of(node, runtime));
        return client;
    }

    private static RedisClient open(RedisAddress server) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().resp2()
                .timeoutMillis(TIMEOUT_MS).ssl(server.ssl()).database(server.database()).clientName("flowstream");
        server.user().ifPresent(config::user);
        server.password().ifPresent(config::password);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(MAX_POOL);
        pool.setMaxIdle(MAX_POOL);
        pool.setMinIdle(0);
        pool.setJmxEnabled(false); // one MBean a flow would outlive an undeploy
        return RedisClient.builder().hostAndPort(server.host(), server.port()).clientConfig(config.build()).poolConfig(pool).build();
    }

    private <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (JedisConnectionException e) {
            if (timedOut(e)) {
                throw new ChatflowException(Kind.TIMEOUT, who() + ": Redis at " + RedisAddress.of(node, runtime).where()
                        + " did not answer within " + TIMEOUT_MS / 1000 + " s", e);
            }
            throw new ChatflowException(Kind.PROVIDER, who() + " could not reach Redis at "
                    + RedisAddress.of(node, runtime).where(), e);
        } catch (JedisException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": Redis failed: " + e.getMessage(), e);
        }
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) return true;
        }
        return false;
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
