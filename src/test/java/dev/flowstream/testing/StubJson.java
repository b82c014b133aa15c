package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Iterator;

/** What the vector database stubs share: JSON answers, vectors read from JSON, cosine similarity, payload paths. Stateless. */
final class StubJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private StubJson() {
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An answer with no body, as {@code 201} to an insert with {@code Prefer: return=minimal}. */
    static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static float[] vector(JsonNode values) {
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) vector[i] = (float) values.get(i).asDouble();
        return vector;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The value at a dotted path ({@code metadata.source}) of a JSON object; missing when absent. */
    static JsonNode at(JsonNode root, String dottedPath) {
        JsonNode value = root;
        for (String key : dottedPath.split("\\.")) value = value.path(key);
        return value;
    }

    /** Whether every field of {@code filter} is in {@code value} with the same value (jsonb's {@code @>} on flat objects). */
    static boolean contains(JsonNode value, JsonNode filter) {
        for (Iterator<String> keys = filter.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!value.path(key).equals(filter.get(key))) return false;
        }
        return true;
    }
}
