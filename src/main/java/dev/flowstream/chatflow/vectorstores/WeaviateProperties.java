package dev.flowstream.chatflow.vectorstores;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata as Weaviate properties, as LangChain and Flowise make them: nested objects flattened to
 * {@code parent_child} names ({@code loc_lines_from}), characters a property name cannot hold
 * replaced by {@code _}, nulls and empty values left out, lists kept only when they hold no
 * objects. Stateless.
 */
final class WeaviateProperties {

    private WeaviateProperties() {
    }

    static Map<String, Object> of(Map<String, Object> metadata) {
        Map<String, Object> properties = new LinkedHashMap<>();
        metadata.forEach((key, value) -> add(properties, name(key), value));
        return properties;
    }

    private static void add(Map<String, Object> properties, String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((inner, innerValue) -> add(properties, key + "_" + name(String.valueOf(inner)), innerValue));
        } else if (value instanceof List<?> list) {
            if (!list.isEmpty() && list.stream().noneMatch(element -> element instanceof Map<?, ?> || element instanceof List<?>)) {
                properties.put(key, list);
            }
        } else if (value != null) {
            properties.put(key, value);
        }
    }

    /** A GraphQL name: letters, digits and {@code _}, not starting with a digit. */
    private static String name(String key) {
        String name = key.replaceAll("[^A-Za-z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}
