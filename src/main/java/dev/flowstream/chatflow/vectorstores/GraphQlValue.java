package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value written as a GraphQL input value, as Weaviate's {@code where} filters and search
 * arguments are given in its GraphQL queries: object keys bare, strings quoted, and the values of
 * enum fields ({@code operator}) bare, so {@code {"operator": "Equal", "path": ["source"]}} becomes
 * {@code {operator: Equal, path: ["source"]}}. Stateless.
 */
final class GraphQlValue {

    private static final Set<String> ENUM_FIELDS = Set.of("operator");

    private GraphQlValue() {
    }

    static String of(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(out, value, false);
        return out.toString();
    }

    static String of(Object value) {
        return of(Json.tree(value));
    }

    private static void write(StringBuilder out, JsonNode value, boolean enumValue) {
        if (value.isObject()) {
            out.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(field.getKey()).append(": ");
                write(out, field.getValue(), ENUM_FIELDS.contains(field.getKey()) && field.getValue().isTextual());
                if (fields.hasNext()) out.append(", ");
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) out.append(", ");
                write(out, value.get(i), false);
            }
            out.append(']');
        } else if (enumValue && value.asText().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            out.append(value.asText());
        } else {
            out.append(json(value));
        }
    }

    private static String json(JsonNode value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree already built always writes
        }
    }
}
