package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the remote stores read back from their vendors' JSON: metadata as values, vectors as floats. Stateless. */
final class VendorJson {

    private VendorJson() {
    }

    /** A JSON object as metadata: numbers, booleans and nested values kept as they are, nulls left out. */
    static Map<String, Object> metadata(JsonNode object) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        object.properties().forEach(field -> {
            if (!field.getValue().isNull()) metadata.put(field.getKey(), value(field.getValue()));
        });
        return metadata;
    }

    /** Metadata a database keeps as JSON text; none when the text is blank or not an object. */
    static Map<String, Object> metadata(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return Json.reader().forType(Map.class).readValue(json);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** A vector as a JSON array's text, {@code [1.0,2.5]}: pgvector's literal and SingleStore's JSON_ARRAY_PACK input. */
    static String array(float[] vector) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) text.append(i == 0 ? "" : ",").append(vector[i]);
        return text.append(']').toString();
    }

    /** A vector sent as a JSON array, or as pgvector's text {@code "[1,2,3]"}; empty when neither. */
    static Optional<float[]> vector(JsonNode value) {
        JsonNode array = value;
        if (value.isTextual()) {
            try {
                array = Json.reader().readTree(value.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        if (array == null || !array.isArray() || array.isEmpty()) return Optional.empty();
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            if (!array.get(i).isNumber()) return Optional.empty();
            vector[i] = array.get(i).floatValue();
        }
        return Optional.of(vector);
    }

    private static Object value(JsonNode node) {
        try {
            return Json.reader().forType(Object.class).readValue(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree already parsed always converts
        }
    }
}
