package dev.flowstream.chatflow.node;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * JSON as JavaScript's {@code JSON.stringify(value, keys)} writes it with the value's sorted
 * top-level keys as the allow-list, byte for byte: no spaces, keys in list order at every level,
 * JavaScript's escapes and number text. Stateless.
 */
final class JsJson {

    private JsJson() {
    }

    static String withKeys(Map<String, Object> metadata) {
        List<String> keys = List.copyOf(new TreeSet<>(metadata.keySet()));
        StringBuilder out = new StringBuilder();
        write(out, metadata, keys);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, List<String> keys) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (String key : keys) {
                if (!map.containsKey(key)) continue;
                out.append(first ? "" : ",");
                first = false;
                string(out, key);
                out.append(':');
                write(out, map.get(key), keys);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i), keys);
            }
            out.append(']');
        } else if (value instanceof Number number) {
            out.append(number(number));
        } else if (value instanceof Boolean) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    /** A number as JavaScript prints it: whole numbers without a fraction, non-finite ones as null. */
    static String number(Number number) {
        double value = number.doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) return "null";
        if (value == Math.rint(value) && Math.abs(value) < 1e21) return new BigDecimal(value).toBigInteger().toString();
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                            && Character.isHighSurrogate(text.charAt(i - 1)));
                    if (c < 0x20 || lone) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
