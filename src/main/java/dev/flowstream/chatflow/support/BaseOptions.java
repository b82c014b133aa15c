package dev.flowstream.chatflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code baseOptions} input of Flowise's OpenAI-compatible nodes: headers sent with every
 * request, a JSON object given as an object or as a JSON string. Stateless.
 */
public final class BaseOptions {

    private BaseOptions() {
    }

    /** The headers; none when the input is unset. A value that is not text fails the load. */
    public static Map<String, String> headers(ExportNode node) {
        Optional<JsonNode> options = node.inputs().json("baseOptions");
        if (options.isEmpty()) return Map.of();
        if (!options.get().isObject()) throw node.failure("input baseOptions must be a JSON object of headers");
        Map<String, String> headers = new LinkedHashMap<>();
        options.get().fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode()) throw node.failure("input baseOptions: header " + field.getKey() + " must be text");
            headers.put(field.getKey(), field.getValue().asText());
        });
        return Map.copyOf(headers);
    }
}
