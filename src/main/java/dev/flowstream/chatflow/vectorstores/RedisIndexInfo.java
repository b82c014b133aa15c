package dev.flowstream.chatflow.vectorstores;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What FT.INFO tells of a Redis search index: how many documents it holds, and its vectors' length
 * when the server says (RESP2's flat name/value lists, as every server version answers them).
 * Immutable.
 */
record RedisIndexInfo(long documents, Optional<Integer> dimension) {

    static RedisIndexInfo of(Map<String, Object> info, String vectorKey) {
        long documents = number(info.get("num_docs")).orElse(0L);
        Optional<Integer> dimension = Optional.empty();
        if (info.get("attributes") instanceof List<?> attributes) {
            for (Object attribute : attributes) {
                if (attribute instanceof List<?> pairs && vectorKey.equals(value(pairs, "identifier"))) {
                    dimension = number(value(pairs, "dim")).map(Long::intValue);
                }
            }
        }
        return new RedisIndexInfo(documents, dimension);
    }

    private static Object value(List<?> pairs, String name) {
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (name.equalsIgnoreCase(String.valueOf(pairs.get(i)))) return pairs.get(i + 1);
        }
        return null;
    }

    private static Optional<Long> number(Object value) {
        if (value instanceof Number n) return Optional.of(n.longValue());
        try {
            return value == null ? Optional.empty() : Optional.of((long) Double.parseDouble(value.toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
