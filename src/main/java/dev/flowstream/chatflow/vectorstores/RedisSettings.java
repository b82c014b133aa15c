package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code redis} node's inputs, checked when the flow loads: {@code indexName},
 * {@code replaceIndex}, {@code contentKey} ({@code content}), {@code metadataKey}
 * ({@code metadata}), {@code vectorKey} ({@code content_vector}), {@code topK} (4); and where the
 * server is, looked up when a request needs it, in Flowise's order: the chosen credential's
 * {@code redisUrl} ({@code redisCacheUrlApi}), else its {@code redisCacheHost},
 * {@code redisCachePort}, {@code redisCacheUser}, {@code redisCachePwd} and
 * {@code redisCacheSslEnabled} ({@code redisCacheApi}), else {@code REDIS_URL} (or {@code REDIS_HOST},
 * {@code REDIS_PORT}, {@code REDIS_USERNAME}, {@code REDIS_PASSWORD}, {@code REDIS_TLS}, the names
 * Flowise gives its own Redis). A blank index name
 * (as a template may ship it) fails the request that needs it.
 *
 * <p>Threading: immutable.
 */
final class RedisSettings {

    /** A field name as the search query syntax takes it after {@code @} without escaping. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ApiKeys URL = new ApiKeys("redisUrl", "redisCacheUrlApi", "REDIS_URL");
    private static final ApiKeys HOST = new ApiKeys("redisCacheHost", "redisCacheApi", "REDIS_HOST");
    private static final ApiKeys PORT = new ApiKeys("redisCachePort", "redisCacheApi", "REDIS_PORT");
    private static final ApiKeys USER = new ApiKeys("redisCacheUser", "redisCacheApi", "REDIS_USERNAME");
    private static final ApiKeys PASSWORD = new ApiKeys("redisCachePwd", "redisCacheApi", "REDIS_PASSWORD");
    private static final ApiKeys SSL = new ApiKeys("redisCacheSslEnabled", "redisCacheApi", "REDIS_TLS");

    /** Where the server is and who we are there; the password never leaves this record's users. */
    record Server(String host, int port, Optional<String> user, Optional<String> password, boolean ssl, int database) {
        String where() {
            return host + ":" + port;
        }
    }

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Optional<String> index;
    private final boolean replaceIndex;
    private final String contentKey;
    private final String metadataKey;
    private final String vectorKey;
    private final int topK;

    private RedisSettings(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.runtime = runtime;
        this.index = node.inputs().text("indexName").map(String::trim).filter(name -> !name.isEmpty());
        this.replaceIndex = node.inputs().flag("replaceIndex", false);
        this.contentKey = field(node, "contentKey", "content");
        this.metadataKey = field(node, "metadataKey", "metadata");
        this.vectorKey = field(node, "vectorKey", "content_vector");
        if (contentKey.equals(metadataKey) || contentKey.equals(vectorKey) || metadataKey.equals(vectorKey)) {
            throw node.failure("inputs contentKey, metadataKey and vectorKey must name three different fields");
        }
        this.topK = StoreInputs.topK(node);
    }

    static RedisSettings of(ExportNode node, FlowRuntime runtime) {
        return new RedisSettings(node, runtime);
    }

    String index() {
        return StoreInputs.needed(node, index, "indexName", "the name of a Redis search index");
    }

    /** LangChain's key prefix for the index's documents: the index covers the hashes under it. */
    String keyPrefix() {
        return "doc:" + index() + ":";
    }

    boolean replaceIndex() {
        return replaceIndex;
    }

    String contentKey() {
        return contentKey;
    }

    String metadataKey() {
        return metadataKey;
    }

    String vectorKey() {
        return vectorKey;
    }

    int topK() {
        return topK;
    }

    /** The server, from the credential or the environment; fails naming what to set. */
    Server server() {
        Optional<String> url = URL.find(node, runtime);
        if (url.isPresent()) return fromUrl(url.get());
        String host = HOST.find(node, runtime).orElseThrow(() -> new ChatflowException(ChatflowException.Kind.CONFIGURATION,
                who() + " has no Redis server: choose a redisCacheUrlApi or redisCacheApi credential, or set REDIS_URL"));
        int port = PORT.find(node, runtime).map(text -> port(text, "redisCachePort")).orElse(6379);
        boolean ssl = SSL.find(node, runtime).map(Boolean::parseBoolean).orElse(false);
        return new Server(host, port, USER.find(node, runtime), PASSWORD.find(node, runtime), ssl, 0);
    }

    private Server fromUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw configuration("the Redis URL is not a URL (redis://[user:password@]host:port[/db])");
        }
        boolean ssl = "rediss".equalsIgnoreCase(uri.getScheme());
        if (!ssl && !"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw configuration("the Redis URL must be redis://[user:password@]host:port[/db] or rediss://...");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0])).filter(name -> !name.isEmpty() && !"default".equals(name));
            password = parts.length == 2 ? Optional.of(decode(parts[1])) : Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        int database = path.isEmpty() ? 0 : port(path, "database number of the Redis URL");
        return new Server(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password, ssl, database);
    }

    private int port(String text, String what) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= 65_535) return value;
        } catch (NumberFormatException e) {
            // named below
        }
        throw configuration("the " + what + " must be a number from 0 to 65535");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private ChatflowException configuration(String problem) {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, who() + ": " + problem);
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }

    private static String field(ExportNode node, String input, String fallback) {
        String name = node.inputs().text(input).map(String::trim).filter(text -> !text.isEmpty()).orElse(fallback);
        if (!FIELD.matcher(name).matches()) {
            throw node.failure("input " + input + " must be a field name of letters, digits and underscores, not " + name);
        }
        return name;
    }
}
