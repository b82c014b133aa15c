package dev.flowstream.prediction;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.http.HttpException;
import dev.flowstream.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a prediction body into a {@link PredictionRequest}, or an {@link HttpException} (400) whose
 * message names the field or the limit at fault. Stateless; thread-safe.
 */
public final class PredictionRequestParser {

    public PredictionRequest parse(String body) {
        if (body.isBlank()) throw HttpException.badRequest("request body is empty: send a JSON object with a question");
        if (body.trim().equals("[object Object]")) {
            throw HttpException.badRequest("request body is the text \"[object Object]\": "
                    + "send the object as JSON, e.g. body: JSON.stringify(data)");
        }
        JsonNode root = read(body);
        if (!root.isObject()) throw HttpException.badRequest("request body must be a JSON object, was " + kind(root));
        NulCheck.refuse(root);
        Map<String, Object> overrides = overrideConfig(root.get("overrideConfig"));
        return new PredictionRequest(question(root), optionalText(root, "socketIOClientId"),
                optionalText(root, "chatId"), Optional.ofNullable(overrides.get("sessionId")).map(String::valueOf),
                overrides, history(root.get("history")), streaming(root.get("streaming")));
    }

    private static JsonNode read(String body) {
        try {
            return Json.reader().readTree(body);
        } catch (StreamConstraintsException e) {
            throw HttpException.badRequest(limit(e));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation(); // null for some failures
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw HttpException.badRequest("request body is not valid JSON: " + e.getOriginalMessage() + where);
        }
    }

    /** Jackson names the limit only in its message (which also names its own classes: not for clients). */
    private static String limit(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Document nesting depth")) return "request body is nested deeper than " + Json.MAX_DEPTH + " levels";
        if (message.startsWith("Number value length")) return "request body holds a number longer than " + Json.MAX_NUMBER_DIGITS + " digits";
        if (message.startsWith("Name length")) return "request body holds a key longer than " + Json.MAX_KEY_CHARS + " characters";
        return "request body is over a JSON size limit";
    }

    private static String question(JsonNode root) {
        JsonNode node = root.get("question");
        if (node == null || node.isNull()) throw HttpException.badRequest("question is required");
        if (!node.isTextual()) throw HttpException.badRequest("question must be a string, was " + kind(node));
        if (node.asText().isBlank()) throw HttpException.badRequest("question must not be empty");
        return node.asText();
    }

    private static Optional<String> optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isTextual()) throw HttpException.badRequest(field + " must be a string, was " + kind(node));
        return Optional.of(node.asText()).filter(text -> !text.isEmpty());
    }

    private static Map<String, Object> overrideConfig(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw HttpException.badRequest("overrideConfig must be an object, was " + kind(node));
        Map<String, Object> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) values.put(field.getKey(), plain(field.getValue()));
        });
        return values;
    }

    /** The value as maps, lists, strings, numbers and booleans. */
    private static Object plain(JsonNode value) {
        try {
            return Json.reader().treeToValue(value, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always converts to plain values", e);
        }
    }

    private static boolean streaming(JsonNode node) {
        if (node == null || node.isNull()) return false;
        if (node.isBoolean()) return node.asBoolean();
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
            return node.asText().equals("true");
        }
        throw HttpException.badRequest("streaming must be true or false, was " + node);
    }

    private static List<ChatTurn> history(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw HttpException.badRequest("history must be an array, was " + kind(node));
        List<ChatTurn> turns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) turns.add(turn(node.get(i), "history[" + i + "]"));
        return turns;
    }

    /** Flowise's {type: userMessage|apiMessage, message} or the OpenAI-style {role, content}. */
    private static ChatTurn turn(JsonNode item, String where) {
        if (!item.isObject()) throw HttpException.badRequest(where + " must be an object, was " + kind(item));
        String expected = where + " must be {\"type\":\"userMessage\"|\"apiMessage\",\"message\":string}"
                + " or {\"role\":\"user\"|\"assistant\",\"content\":string}";
        String speaker = item.path("type").isTextual() ? item.path("type").asText() : item.path("role").asText("");
        JsonNode text = item.has("message") ? item.get("message") : item.get("content");
        if (text == null || !text.isTextual()) throw HttpException.badRequest(expected);
        return switch (speaker) {
            case "userMessage", "user" -> new ChatTurn(ChatTurn.Role.USER, text.asText());
            case "apiMessage", "assistant" -> new ChatTurn(ChatTurn.Role.ASSISTANT, text.asText());
            default -> throw HttpException.badRequest(expected);
        };
    }

    private static String kind(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
