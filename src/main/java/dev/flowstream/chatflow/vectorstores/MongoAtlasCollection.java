package dev.flowstream.chatflow.vectorstores;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.streaming.SourceDocument;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One MongoDB collection as LangChain's MongoDBAtlasVectorSearch uses it: each document holds the
 * text under {@code textKey}, the vector under {@code embeddingKey} and the metadata's fields beside
 * them; a search is an aggregation whose first stage is {@code $vectorSearch} (with
 * {@code numCandidates} ten times the limit), then the {@code vectorSearchScore} as {@code score}, and
 * the vectors left out. The client (a pool, and the driver's monitor threads) opens on first use and
 * closes with the flow.
 *
 * <p>Threading: thread-safe; calls block on the network.
 */
final class MongoAtlasCollection implements AutoCloseable {

    private static final String SCORE = "score";
    private static final int CANDIDATES_PER_RESULT = 10;
    private static final int MAX_POOL = 4;
    private static final long SELECTION_TIMEOUT_MS = 10_000;
    private static final long READ_TIMEOUT_MS = 60_000;

    private final ExportNode node;
    private final MongoAtlasSettings settings;
    private MongoClient client;     // guarded by this
    private String where = "";      // guarded by this; the hosts only, never the credentials
    private boolean closed;         // guarded by this

    MongoAtlasCollection(ExportNode node, MongoAtlasSettings settings) {
        this.node = node;
        this.settings = settings;
    }

    /** Inserts one document a passage, as LangChain lays it out; the driver gives each its {@code _id}. */
    void insert(List<SourceDocument> documents, List<float[]> vectors) {
        List<BsonDocument> rows = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            BsonDocument row = new BsonDocument(settings.textKey(), new BsonString(documents.get(i).pageContent()))
                    .append(settings.embeddingKey(), vector(vectors.get(i)));
            // the metadata spreads over the document after the text and vector, as LangChain's does
            documents.get(i).metadata().forEach((field, value) -> row.put(field, MongoValues.bson(value)));
            rows.add(row);
        }
        call(() -> collection().insertMany(rows));
    }

    /** The {@code k} nearest documents, nearest first, with Atlas's score (higher is closer). */
    List<ScoredDocument> search(float[] query, int k) {
        List<BsonDocument> pipeline = pipeline(query, k, false);
        return call(() -> {
            List<ScoredDocument> found = new ArrayList<>();
            for (BsonDocument result : collection().aggregate(pipeline)) found.add(scored(result));
            return found;
        });
    }

    /** The {@code k} nearest documents, nearest first, with their stored vectors: for MMR. */
    List<VectorIndex.Entry> candidates(float[] query, int k) {
        List<BsonDocument> pipeline = pipeline(query, k, true);
        return call(() -> {
            List<VectorIndex.Entry> found = new ArrayList<>();
            for (BsonDocument result : collection().aggregate(pipeline)) {
                found.add(new VectorIndex.Entry(floats(result.get(settings.embeddingKey())), scored(result).document()));
            }
            return found;
        });
    }

    private List<BsonDocument> pipeline(float[] query, int k, boolean withVectors) {
        BsonDocument vectorSearch = new BsonDocument("queryVector", vector(query))
                .append("index", new BsonString(settings.index()))
                .append("path", new BsonString(settings.embeddingKey()))
                .append("limit", new BsonInt32(k))
                .append("numCandidates", new BsonInt32(CANDIDATES_PER_RESULT * k));
        settings.preFilter().ifPresent(filter -> vectorSearch.append("filter", filter));
        List<BsonDocument> pipeline = new ArrayList<>(List.of(
                new BsonDocument("$vectorSearch", vectorSearch),
                new BsonDocument("$set", new BsonDocument(SCORE, new BsonDocument("$meta", new BsonString("vectorSearchScore"))))));
        if (!withVectors) pipeline.add(new BsonDocument("$project", new BsonDocument(settings.embeddingKey(), new BsonInt32(0))));
        return pipeline;
    }

    private static float[] floats(BsonValue value) {
        if (value == null || !value.isArray()) return new float[0];
        float[] vector = new float[value.asArray().size()];
        for (int i = 0; i < vector.length; i++) {
            BsonValue element = value.asArray().get(i);
            vector[i] = element.isNumber() ? (float) element.asNumber().doubleValue() : 0f;
        }
        return vector;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) client.close();
    }

    private ScoredDocument scored(BsonDocument result) {
        BsonValue text = result.get(settings.textKey());
        BsonValue score = result.get(SCORE);
        BsonDocument metadata = result.clone();
        metadata.remove(settings.textKey());
        metadata.remove(SCORE);
        metadata.remove(settings.embeddingKey());
        return new ScoredDocument(new SourceDocument(text != null && text.isString() ? text.asString().getValue() : "",
                MongoValues.metadata(metadata)), score != null && score.isNumber() ? score.asNumber().doubleValue() : 0);
    }

    private MongoCollection<BsonDocument> collection() {
        String database = settings.database();
        String collection = settings.collection();
        return client().getDatabase(database).getCollection(collection, BsonDocument.class);
    }

    private synchronized MongoClient client() {
        if (closed) throw new ChatflowException(Kind.CHAIN, who() + " belongs to a flow that was replaced");
        if (client != null) return client;
        ConnectionString connection;
        try {
            connection = new ConnectionString(settings.connectionString().trim());
        } catch (IllegalArgumentException | MongoException e) {
            // the driver's message may quote the string, password and all
            throw new ChatflowException(Kind.CONFIGURATION, who() + ": the MongoDB connection string must be "
                    + "mongodb://[user:password@]host[:port][/?options] or mongodb+srv://...");
        }
        // ours first, so that options the connection string sets win
        MongoClientSettings clientSettings = MongoClientSettings.builder()
                .applicationName("flowstream")
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(SELECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.readTimeout((int) READ_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(pool -> pool.maxSize(MAX_POOL).minSize(0))
                .applyConnectionString(connection)
                .build();
        where = String.join(",", connection.getHosts());
        client = MongoClients.create(clientSettings);
        return client;
    }

    private <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (MongoSocketReadTimeoutException | MongoOperationTimeoutException e) {
            throw new ChatflowException(Kind.TIMEOUT, who() + ": MongoDB at " + where() + " did not answer in time", e);
        } catch (MongoTimeoutException e) {
            // no server could be selected in time: down, unreachable, or not a server the driver can use
            throw new ChatflowException(Kind.PROVIDER, who() + " could not reach MongoDB at " + where(), e);
        } catch (MongoSecurityException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": MongoDB refused the connection string's credentials", e);
        } catch (MongoCommandException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": MongoDB refused: " + e.getErrorMessage(), e);
        } catch (MongoBulkWriteException e) {
            String reason = e.getWriteErrors().isEmpty() ? e.getMessage() : e.getWriteErrors().get(0).getMessage();
            throw new ChatflowException(Kind.PROVIDER, who() + ": MongoDB refused the documents: " + reason, e);
        } catch (MongoException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": MongoDB failed: " + e.getMessage(), e);
        }
    }

    private synchronized String where() {
        return where;
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }

    /** A vector as BSON doubles, each the shortest decimal of its float, the number the embeddings API sent. */
    private static BsonArray vector(float[] vector) {
        List<BsonValue> values = new ArrayList<>(vector.length);
        for (float value : vector) values.add(new BsonDouble(Double.parseDouble(Float.toString(value))));
        return new BsonArray(values);
    }
}
