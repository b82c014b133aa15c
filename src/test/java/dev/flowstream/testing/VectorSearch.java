package dev.flowstream.testing;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonNumber;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Atlas Vector Search as {@link MongoAtlasStub} runs it: a {@code $vectorSearch} stage over one
 * collection's documents, scored as Atlas scores a cosine index ({@code (1 + cosine) / 2}), with the
 * stage's {@code filter} of equalities ({@code {field: value}} or {@code {field: {$eq: value}}});
 * then {@code $set} of the score and {@code $project} exclusions. An index the collection does not
 * have finds nothing, as on Atlas.
 *
 * <p>Threading: immutable.
 */
final class VectorSearch {

    /** Where the score waits for a {@code $set} that asks for it; never sent back. */
    private static final String SCORE = "__stubVectorSearchScore";

    private final List<Map.Entry<String, String>> indexes;

    /** @param indexes the collection's indexes: each name and the path of its vectors */
    VectorSearch(List<Map.Entry<String, String>> indexes) {
        this.indexes = indexes;
    }

    /** The nearest documents, nearest first; empty when the stage misses a field Atlas requires. */
    Optional<List<BsonDocument>> run(BsonDocument stage, List<BsonDocument> documents) {
        if (!stage.isArray("queryVector") || !stage.isString("index") || !stage.isString("path")
                || !stage.isNumber("limit") || !stage.isNumber("numCandidates")) {
            return Optional.empty();
        }
        int limit = stage.getNumber("limit").intValue();
        if (stage.getNumber("numCandidates").intValue() < limit) return Optional.empty();
        String path = stage.getString("path").getValue();
        boolean indexed = indexes.stream().anyMatch(index -> index.getKey().equals(stage.getString("index").getValue())
                && index.getValue().equals(path));
        if (!indexed) return Optional.of(List.of());
        double[] query = vector(stage.get("queryVector"));
        BsonDocument filter = stage.getDocument("filter", new BsonDocument());
        List<BsonDocument> scored = new ArrayList<>();
        for (BsonDocument document : documents) {
            BsonValue vector = document.get(path);
            if (vector == null || !vector.isArray() || vector.asArray().size() != query.length || !matches(filter, document)) continue;
            scored.add(document.clone().append(SCORE, new BsonDouble((1 + cosine(query, vector(vector))) / 2)));
        }
        scored.sort(Comparator.comparingDouble((BsonDocument document) -> document.getDouble(SCORE).getValue()).reversed());
        return Optional.of(List.copyOf(scored.subList(0, Math.min(limit, scored.size()))));
    }

    /** A stage after {@code $vectorSearch}; empty when it is not one the stub knows. */
    static Optional<List<BsonDocument>> stage(BsonDocument stage, List<BsonDocument> batch) {
        String name = stage.getFirstKey();
        BsonDocument spec = stage.getDocument(name);
        List<BsonDocument> next = new ArrayList<>();
        for (BsonDocument document : batch) {
            BsonDocument copy = document.clone();
            for (Map.Entry<String, BsonValue> field : spec.entrySet()) {
                if (name.equals("$set") && field.getValue().isDocument()
                        && new BsonDocument("$meta", new BsonString("vectorSearchScore")).equals(field.getValue())) {
                    copy.put(field.getKey(), document.get(SCORE));
                } else if (name.equals("$project") && field.getValue().isNumber() && field.getValue().asNumber().intValue() == 0) {
                    copy.remove(field.getKey());
                } else {
                    return Optional.empty();
                }
            }
            next.add(copy);
        }
        return Optional.of(next);
    }

    /** The document as sent back: without the score a {@code $set} did not ask for. */
    static BsonDocument withoutScore(BsonDocument document) {
        BsonDocument copy = document.clone();
        copy.remove(SCORE);
        return copy;
    }

    private static boolean matches(BsonDocument filter, BsonDocument document) {
        for (Map.Entry<String, BsonValue> condition : filter.entrySet()) {
            BsonValue wanted = condition.getValue();
            if (wanted.isDocument() && wanted.asDocument().containsKey("$eq")) wanted = wanted.asDocument().get("$eq");
            BsonValue actual = document.get(condition.getKey());
            if (actual == null || !same(wanted, actual)) return false;
        }
        return true;
    }

    private static boolean same(BsonValue wanted, BsonValue actual) {
        if (wanted.isNumber() && actual.isNumber()) return ((BsonNumber) wanted).doubleValue() == ((BsonNumber) actual).doubleValue();
        return wanted.equals(actual);
    }

    private static double[] vector(BsonValue array) {
        List<BsonValue> values = array.asArray().getValues();
        double[] vector = new double[values.size()];
        for (int i = 0; i < vector.length; i++) vector[i] = values.get(i).asNumber().doubleValue();
        return vector;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }
}
