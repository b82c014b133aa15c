package dev.flowstream.chatflow.node;

import dev.flowstream.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's {@code inputs}, read the way Flowise writes them: an unset input is {@code ""},
 * numbers and booleans may be strings ({@code "0.9"}, {@code "true"}), other nodes are
 * referenced as {@code "{{chatOpenAI_0.data.instance}}"}. Bad values fail with a message naming
 * the node and the input. Immutable and thread-safe.
 */
public final class NodeInputs {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^.{}\\s]+)\\.data\\.instance\\s*}}");

    private final String nodeId;
    private final String nodeName;
    private final Map<String, JsonNode> values;

    public NodeInputs(String nodeId, String nodeName, Map<String, JsonNode> values) {
        this.nodeId = nodeId;
        this.nodeName = nodeName;
        this.values = Map.copyOf(values);
    }

    /** Text as given (not trimmed: templates keep their whitespace); blank counts as unset. */
    public Optional<String> text(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull() || value.isContainerNode()) return Optional.empty();
        String text = value.asText();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** Text exactly as given, whitespace and all (a separator may be a space); only empty counts as unset. */
    public Optional<String> verbatim(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull() || value.isContainerNode()) return Optional.empty();
        return Optional.of(value.asText()).filter(text -> !text.isEmpty());
    }

    public Optional<Double> number(String key) {
        return text(key).map(String::trim).map(text -> {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a number");
            }
        });
    }

    public Optional<Integer> integer(String key) {
        return number(key).map(number -> {
            if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
                throw invalid(key, "must be a whole number");
            }
            return number.intValue();
        });
    }

    public boolean flag(String key, boolean fallback) {
        Optional<String> text = text(key).map(String::trim);
        if (text.isEmpty()) return fallback;
        if (text.get().equalsIgnoreCase("true")) return true;
        if (text.get().equalsIgnoreCase("false")) return false;
        throw invalid(key, "must be true or false");
    }

    /** A JSON input: an object as written, or a string holding JSON (Flowise writes both). */
    public Optional<JsonNode> json(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull()) return Optional.empty();
        if (value.isContainerNode()) return value.isEmpty() ? Optional.empty() : Optional.of(value);
        Optional<String> text = text(key);
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Json.reader().readTree(text.get()));
        } catch (JsonProcessingException e) {
            throw invalid(key, "is not valid JSON");
        }
    }

    /** The id of the node an input points at, e.g. {@code chatOpenAI_0}. */
    public Optional<String> reference(String key) {
        Optional<String> text = text(key);
        if (text.isEmpty()) return Optional.empty();
        Matcher matcher = REFERENCE.matcher(text.get().trim());
        if (!matcher.matches()) throw invalid(key, "must reference another node like {{nodeId.data.instance}}");
        return Optional.of(matcher.group(1));
    }

    /** The ids a list input references, in order: Flowise writes an array of references, or one reference. */
    public List<String> references(String key) {
        if (text(key).isPresent()) return List.of(reference(key).orElseThrow());
        Optional<JsonNode> value = json(key);
        if (value.isEmpty()) return List.of();
        if (!value.get().isArray()) throw invalid(key, "must be a list of node references");
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : value.get()) {
            new NodeInputs(nodeId, nodeName, Map.of(key, entry)).reference(key).ifPresent(ids::add);
        }
        return ids;
    }

    /** Whether an input holds anything: non-blank text, or a non-empty list or object. */
    public boolean isSet(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull()) return false;
        return value.isContainerNode() ? !value.isEmpty() : !value.asText().isBlank();
    }

    /** Same inputs with a request's {@code overrideConfig} applied, for the keys a node allows. */
    public NodeInputs overriddenBy(Map<String, Object> overrideConfig, Set<String> allowed) {
        if (overrideConfig.isEmpty()) return this;
        Map<String, JsonNode> merged = new HashMap<>(values);
        for (String key : allowed) {
            Object value = overrideConfig.get(key);
            if (value != null) merged.put(key, Json.tree(value));
        }
        return new NodeInputs(nodeId, nodeName, merged);
    }

    private FlowLoadException invalid(String key, String problem) {
        return new FlowLoadException("node " + nodeId + " (" + nodeName + ") input " + key + " " + problem);
    }
}
