package dev.flowstream.chatflow.vectorstores;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata between Flowstream's plain values and BSON, as LangChain JS's documents cross the Node
 * driver: numbers, strings, booleans, objects and arrays as they are; read back, an ObjectId (the
 * {@code _id} the driver gave) as its hex string and a date as its ISO text, as they print in JSON.
 * Stateless.
 */
final class MongoValues {

    private MongoValues() {
    }

    static BsonValue bson(Object value) {
        if (value == null) return BsonNull.VALUE;
        if (value instanceof String text) return new BsonString(text);
        if (value instanceof Boolean flag) return BsonBoolean.valueOf(flag);
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return new BsonInt32(((Number) value).intValue());
        if (value instanceof Long number) return new BsonInt64(number);
        if (value instanceof BigInteger number) {
            return number.bitLength() < Long.SIZE ? new BsonInt64(number.longValue()) : new BsonDecimal128(new Decimal128(new BigDecimal(number)));
        }
        if (value instanceof BigDecimal number) return new BsonDouble(number.doubleValue());
        if (value instanceof Number number) return new BsonDouble(number.doubleValue());
        if (value instanceof Map<?, ?> map) {
            BsonDocument document = new BsonDocument();
            map.forEach((key, item) -> document.append(String.valueOf(key), bson(item)));
            return document;
        }
        if (value instanceof Iterable<?> items) {
            BsonArray array = new BsonArray();
            items.forEach(item -> array.add(bson(item)));
            return array;
        }
        return new BsonString(value.toString());
    }

    /** A document's fields as metadata; nulls left out, as the other stores do. */
    static Map<String, Object> metadata(BsonDocument document) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        document.forEach((field, value) -> {
            if (!value.isNull()) metadata.put(field, plain(value));
        });
        return metadata;
    }

    private static Object plain(BsonValue value) {
        return switch (value.getBsonType()) {
            case STRING -> value.asString().getValue();
            case BOOLEAN -> value.asBoolean().getValue();
            case INT32 -> value.asInt32().getValue();
            case INT64 -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            case DECIMAL128 -> value.asDecimal128().getValue().bigDecimalValue();
            case OBJECT_ID -> value.asObjectId().getValue().toHexString();
            case DATE_TIME -> Instant.ofEpochMilli(value.asDateTime().getValue()).toString();
            case DOCUMENT -> metadata(value.asDocument());
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (BsonValue item : value.asArray()) items.add(item.isNull() ? null : plain(item));
                yield items;
            }
            default -> value.toString();
        };
    }
}
