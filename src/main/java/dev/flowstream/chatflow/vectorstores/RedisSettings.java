package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.RedisAddress;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code redis} node's inputs, checked when the flow loads: {@code indexName},
 * {@code replaceIndex}, {@code contentKey} ({@code content}), {@code metadataKey}
 * ({@code metadata}), {@code vectorKey} ({@code content_vector}), {@code topK} (4); and where the
 * server is ({@link RedisAddress}, looked up when a request needs it). A blank index name
 * (as a template may ship it) fails the request that needs it.
 *
 * <p>Threading: immutable.
 */
final class RedisSettings {

    /** A field name as the search query syntax takes it after {@code @} without escaping. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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

    /** The server, from the credential or the environment ({@link RedisAddress}); fails naming what to set. */
    RedisAddress server() {
        return RedisAddress.of(node, runtime);
    }

    private static String field(ExportNode node, String input, String fallback) {
        String name = node.inputs().text(input).map(String::trim).filter(text -> !text.isEmpty()).orElse(fallback);
        if (!FIELD.matcher(name).matches()) {
            throw node.failure("input " + input + " must be a field name of letters, digits and underscores, not " + name);
        }
        return name;
    }
}
