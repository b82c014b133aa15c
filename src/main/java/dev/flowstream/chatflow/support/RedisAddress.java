package dev.flowstream.chatflow.support;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a Redis-backed node's server is and who it is there, looked up when a request needs it, in
 * Flowise's order: the chosen credential's {@code redisUrl} ({@code redisCacheUrlApi}), else its
 * {@code redisCacheHost}, {@code redisCachePort}, {@code redisCacheUser}, {@code redisCachePwd} and
 * {@code redisCacheSslEnabled} ({@code redisCacheApi}), else {@code REDIS_URL} (or {@code REDIS_HOST},
 * {@code REDIS_PORT}, {@code REDIS_USERNAME}, {@code REDIS_PASSWORD}, {@code REDIS_TLS}, the names
 * Flowise gives its own Redis). Shared by the {@code redis} vector store and the Redis-backed memory;
 * the password never leaves this record's users.
 *
 * <p>Threading: an immutable value.
 */
public record RedisAddress(String host, int port, Optional<String> user, Optional<String> password, boolean ssl, int database) {

    private static final ApiKeys URL = new ApiKeys("redisUrl", "redisCacheUrlApi", "REDIS_URL");
    private static final ApiKeys HOST = new ApiKeys("redisCacheHost", "redisCacheApi", "REDIS_HOST");
    private static final ApiKeys PORT = new ApiKeys("redisCachePort", "redisCacheApi", "REDIS_PORT");
    private static final ApiKeys USER = new ApiKeys("redisCacheUser", "redisCacheApi", "REDIS_USERNAME");
    private static final ApiKeys PASSWORD = new ApiKeys("redisCachePwd", "redisCacheApi", "REDIS_PASSWORD");
    private static final ApiKeys SSL = new ApiKeys("redisCacheSslEnabled", "redisCacheApi", "REDIS_TLS");

    /** {@code host:port}, for messages. */
    public String where() {
        return host + ":" + port;
    }

    /** The node's server, from its credential or the environment; a CONFIGURATION failure names what to set. */
    public static RedisAddress of(ExportNode node, FlowRuntime runtime) {
        Optional<String> url = URL.find(node, runtime);
        if (url.isPresent()) return fromUrl(node, url.get());
        String host = HOST.find(node, runtime).orElseThrow(() -> new ChatflowException(ChatflowException.Kind.CONFIGURATION,
                who(node) + " has no Redis server: choose a redisCacheUrlApi or redisCacheApi credential, or set REDIS_URL"));
        int port = PORT.find(node, runtime).map(text -> port(node, text, "redisCachePort")).orElse(6379);
        boolean ssl = SSL.find(node, runtime).map(Boolean::parseBoolean).orElse(false);
        return new RedisAddress(host, port, USER.find(node, runtime), PASSWORD.find(node, runtime), ssl, 0);
    }

    private static RedisAddress fromUrl(ExportNode node, String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw configuration(node, "the Redis URL is not a URL (redis://[user:password@]host:port[/db])");
        }
        boolean ssl = "rediss".equalsIgnoreCase(uri.getScheme());
        if (!ssl && !"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw configuration(node, "the Redis URL must be redis://[user:password@]host:port[/db] or rediss://...");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0])).filter(name -> !name.isEmpty() && !"default".equals(name));
            password = parts.length == 2 ? Optional.of(decode(parts[1])) : Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        int database = path.isEmpty() ? 0 : port(node, path, "database number of the Redis URL");
        return new RedisAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password, ssl, database);
    }

    private static int port(ExportNode node, String text, String what) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= 65_535) return value;
        } catch (NumberFormatException e) {
            // named below
        }
        throw configuration(node, "the " + what + " must be a number from 0 to 65535");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static ChatflowException configuration(ExportNode node, String problem) {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, who(node) + ": " + problem);
    }

    private static String who(ExportNode node) {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
