package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;
import redis.clients.jedis.search.Document;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One document as LangChain's RedisVectorStore keeps it in a hash: the text, the metadata as JSON
 * with each {@code -} escaped for the query syntax, and the vector as little-endian FLOAT32 bytes,
 * under the node's field names. Stateless.
 */
final class RedisHash {

    private RedisHash() {
    }

    static Map<byte[], byte[]> fields(RedisSettings settings, SourceDocument document, float[] vector) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put(bytes(settings.vectorKey()), floats(vector));
        fields.put(bytes(settings.contentKey()), bytes(document.pageContent()));
        fields.put(bytes(settings.metadataKey()), bytes(json(document.metadata()).replace("-", "\\-")));
        return fields;
    }

    /** The document a search returned, from the fields it asked for. */
    static SourceDocument document(RedisSettings settings, Document found) {
        return new SourceDocument(text(found, settings.contentKey()), metadata(text(found, settings.metadataKey())));
    }

    static String text(Document document, String field) {
        Object value = document.get(field);
        if (value == null) return "";
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : value.toString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] floats(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) buffer.putFloat(value);
        return buffer.array();
    }

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
}
