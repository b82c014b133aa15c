package dev.flowstream.chatflow.support;

import dev.flowstream.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the JSON arguments a model wrote for a tool call. Models are sloppy: arguments that are
 * not JSON are taken as the text itself, as LangChain's string tools do. Stateless and thread-safe.
 */
public final class ToolArguments {


    private ToolArguments() {
    }

    /** The {@code input} field of the arguments, else the arguments as written. */
    public static String input(String arguments) {
        try {
            JsonNode parsed = Json.reader().readTree(arguments);
            if (parsed != null && parsed.path("input").isValueNode()) return parsed.path("input").asText();
        } catch (JsonProcessingException e) {
            // not JSON: the text is the input
        }
        return arguments;
    }

    /** The arguments as JSON-shaped Java values (for {@code usedTools}), else the text as written. */
    public static Object asData(String arguments) {
        try {
            Object parsed = Json.reader().forType(Object.class).readValue(arguments);
            return parsed == null ? arguments : parsed;
        } catch (JsonProcessingException e) {
            return arguments;
        }
    }
}
