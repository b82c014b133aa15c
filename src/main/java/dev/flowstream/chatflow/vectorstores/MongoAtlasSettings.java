package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;

import java.util.Optional;

/**
 * The {@code mongoDBAtlas} node's inputs, checked when the flow loads: {@code databaseName},
 * {@code collectionName}, {@code indexName} (an Atlas Vector Search index, made in Atlas),
 * {@code textKey} ({@code text}), {@code embeddingKey} ({@code embedding}),
 * {@code mongoMetadataFilter} (a JSON object; each field becomes an {@code $eq} condition of the
 * search's pre-filter, as Flowise builds it), {@code topK} (4), {@code searchType} {@code mmr} with
 * {@code fetchK} and {@code lambda} ({@link StoreSearch}); and the connection string, looked
 * up when a request needs it: the {@code mongoDBUrlApi} credential's {@code mongoDBConnectUrl}, else
 * {@code MONGODB_URI}. A blank database, collection or index (as a template may ship them) fails the
 * request that needs it.
 *
 * <p>Threading: immutable.
 */
final class MongoAtlasSettings {

    private static final ApiKeys URL = new ApiKeys("mongoDBConnectUrl", "mongoDBUrlApi", "MONGODB_URI");

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Optional<String> database;
    private final Optional<String> collection;
    private final Optional<String> index;
    private final String textKey;
    private final String embeddingKey;
    private final Optional<BsonDocument> preFilter;
    private final StoreSearch search;

    private MongoAtlasSettings(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.runtime = runtime;
        this.database = name(node, "databaseName");
        this.collection = name(node, "collectionName");
        this.index = name(node, "indexName");
        this.textKey = name(node, "textKey").orElse("text");
        this.embeddingKey = name(node, "embeddingKey").orElse("embedding");
        if (textKey.equals(embeddingKey)) throw node.failure("inputs textKey and embeddingKey must name two different fields");
        this.preFilter = node.inputs().json("mongoMetadataFilter").map(filter -> preFilter(node, filter));
        this.search = StoreSearch.of(node);
    }

    static MongoAtlasSettings of(ExportNode node, FlowRuntime runtime) {
        return new MongoAtlasSettings(node, runtime);
    }

    String database() {
        return StoreInputs.needed(node, database, "databaseName", "the name of a database");
    }

    String collection() {
        return StoreInputs.needed(node, collection, "collectionName", "the name of a collection");
    }

    String index() {
        return StoreInputs.needed(node, index, "indexName", "the name of an Atlas Vector Search index");
    }

    String textKey() {
        return textKey;
    }

    String embeddingKey() {
        return embeddingKey;
    }

    /** The {@code filter} of the {@code $vectorSearch} stage, when the node has one; a copy, so callers may keep it. */
    Optional<BsonDocument> preFilter() {
        return preFilter.map(BsonDocument::clone);
    }

    int topK() {
        return search.topK();
    }

    /** Similarity, or Flowise's {@code searchType} {@code mmr} with {@code fetchK} and {@code lambda}. */
    StoreSearch search() {
        return search;
    }

    /** The connection string; fails naming what to set. It holds the password: it never goes in a message. */
    String connectionString() {
        return URL.find(node, runtime).orElseThrow(() -> new ChatflowException(ChatflowException.Kind.CONFIGURATION,
                "node " + node.id() + " (" + node.name() + ") has no MongoDB connection string: choose a mongoDBUrlApi credential"
                        + " with its mongoDBConnectUrl, or set MONGODB_URI"));
    }

    private static Optional<String> name(ExportNode node, String input) {
        return node.inputs().text(input).map(String::trim).filter(text -> !text.isEmpty());
    }

    /** Flowise's pre-filter: {@code {"field": value}} becomes {@code {"field": {"$eq": value}}}. */
    private static BsonDocument preFilter(ExportNode node, JsonNode filter) {
        if (!filter.isObject()) throw node.failure("input mongoMetadataFilter must be a JSON object of field names and values");
        BsonDocument given;
        try {
            given = BsonDocument.parse(filter.toString());
        } catch (JsonParseException e) {
            throw node.failure("input mongoMetadataFilter is not a filter MongoDB can read: " + e.getMessage());
        }
        BsonDocument conditions = new BsonDocument();
        given.forEach((field, value) -> conditions.append(field, new BsonDocument("$eq", value)));
        return conditions;
    }
}
