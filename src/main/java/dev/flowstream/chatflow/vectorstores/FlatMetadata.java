package dev.flowstream.chatflow.vectorstores;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata in the shape Pinecone accepts (strings, numbers, booleans, lists of strings), made as
 * LangChain's Pinecone store makes it: nested objects become dotted keys ({@code loc.pageNumber},
 * {@code pdf.info.Title}), other lists one key per element ({@code tags.0}); nulls, empty objects
 * and empty lists are left out. Stateless.
 */
final class FlatMetadata {

    private FlatMetadata() {
    }

    static Map<String, Object> of(Map<String, Object> metadata) {
        Map<String, Object> flat = new LinkedHashMap<>();
        metadata.forEach((key, value) -> add(flat, key, value));
        return flat;
    }

    private static void add(Map<String, Object> flat, String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((inner, innerValue) -> add(flat, key + "." + inner, innerValue));
        } else if (value instanceof List<?> list && !list.stream().allMatch(String.class::isInstance)) {
            for (int i = 0; i < list.size(); i++) add(flat, key + "." + i, list.get(i));
        } else if (value != null && !(value instanceof List<?> empty && empty.isEmpty())) {
            flat.put(key, value);
        }
    }
}
