package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.json.Json;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * An API's answer as LangChain's {@code ApiLoader} turns it into text: the body read as JSON when
 * it is JSON, else kept as one string (as axios does), then written as JavaScript's
 * {@code JSON.stringify(data, null, 2)} writes it: two-space indents, {@code "key": value}, empty
 * containers as {@code {}} and {@code []}, numbers as JavaScript prints them. Stateless.
 */
final class JsJson {

    private JsJson() {
    }

    /** The body as {@code JSON.stringify(axiosData, null, 2)} gives it. */
    static String of(String body) {
        JsonNode data;
        try {
            data = Json.reader().readTree(body);
        } catch (JsonProcessingException e) {
            data = null;
        }
        StringBuilder out = new StringBuilder();
        if (data == null || data.isMissingNode()) string(out, body);
        else write(out, data, "");
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode value, String indent) {
        if (value.isObject() || value.isArray()) {
            container(out, value, indent);
        } else if (value.isTextual()) {
            string(out, value.asText());
        } else if (value.isNumber()) {
            out.append(number(value.asDouble()));
        } else {
            out.append(value.isNull() ? "null" : value.asText());
        }
    }

    private static void container(StringBuilder out, JsonNode value, String indent) {
        char open = value.isObject() ? '{' : '[';
        char close = value.isObject() ? '}' : ']';
        if (value.isEmpty()) {
            out.append(open).append(close);
            return;
        }
        String inner = indent + "  ";
        out.append(open);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        Iterator<JsonNode> items = value.elements();
        boolean first = true;
        while (value.isObject() ? fields.hasNext() : items.hasNext()) {
            out.append(first ? "\n" : ",\n").append(inner);
            first = false;
            if (value.isObject()) {
                Map.Entry<String, JsonNode> field = fields.next();
                string(out, field.getKey());
                out.append(": ");
                write(out, field.getValue(), inner);
            } else {
                write(out, items.next(), inner);
            }
        }
        out.append('\n').append(indent).append(close);
    }

    /** A string literal escaped as JSON.stringify escapes: quotes, backslashes and control characters only. */
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
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }

    /** A number as JavaScript prints a double: whole numbers without a fraction, plain decimals from 1e-6 to 1e21. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return "null";
        if (value == 0) return "0";
        double magnitude = Math.abs(value);
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (magnitude >= 1e-6 && magnitude < 1e21) return exact.toPlainString();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
