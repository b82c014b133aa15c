package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON file's documents, as Flowise's JSON loader (LangChain's {@code JSONLoader}, extended) makes
 * them: each item of a top-level array, or the top-level value, gives one document per string in
 * it; with pointers ({@code /key}), only the strings under the keys they name, looked for level by
 * level (where a level has such a key, its other values are searched one level further only).
 * Separated by object instead, each object item is one document of {@code key: value} lines
 * (nested keys joined by dots, arrays as JSON). Metadata: {@code source}, {@code line} (the
 * document's number in the file, when there is more than one) and the values the {@code metadata}
 * input's pointers read from the item.
 *
 * <p>Threading: stateless.
 */
final class JsonDocuments {

    /** One document per string found, or one per object item (Flowise's {@code separateByObject}). */
    enum Split { STRINGS, OBJECTS }

    private JsonDocuments() {
    }

    static List<SourceDocument> documents(ExportNode node, LoaderFile file, List<JsonPointer> pointers,
                                          Map<String, JsonPointer> fromItem, Split split) {
        JsonNode root = parse(node, file, file.text(node).trim());
        List<String> contents = new ArrayList<>();
        List<Map<String, Object>> metadata = new ArrayList<>();
        for (JsonNode item : root.isArray() ? root : List.of(root)) {
            List<String> found = new ArrayList<>();
            if (split == Split.OBJECTS && item.isObject()) found.add(keyValues(item, ""));
            else if (split == Split.STRINGS && pointers.isEmpty()) all(item, found);
            else if (split == Split.STRINGS) search(item, pointers, false, found);
            Map<String, Object> read = itemMetadata(item, fromItem);
            found.forEach(content -> {
                contents.add(content);
                metadata.add(read);
            });
        }
        List<SourceDocument> documents = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            Map<String, Object> meta = new LinkedHashMap<>(Map.of("source", file.name()));
            if (contents.size() > 1) meta.put("line", i + 1);
            meta.putAll(metadata.get(i));
            documents.add(new SourceDocument(contents.get(i), meta));
        }
        return documents;
    }

    /** JSON as JavaScript's {@code JSON.parse} takes it: a repeated key keeps its last value. */
    static final ObjectReader READER = Json.reader().without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static JsonNode parse(ExportNode node, LoaderFile file, String text) {
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw file.failure(node, "is not valid JSON" + where);
        }
    }

    static Map<String, Object> itemMetadata(JsonNode item, Map<String, JsonPointer> fromItem) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        fromItem.forEach((key, pointer) -> {
            JsonNode value = item.at(pointer);
            if (!value.isMissingNode() && !value.isNull()) metadata.put(key, LoaderOutput.plain(value));
        });
        return metadata;
    }

    private static void all(JsonNode json, List<String> found) {
        if (!truthy(json)) return;
        if (json.isTextual()) found.add(json.asText());
        else if (json.isContainerNode()) json.forEach(value -> all(value, found));
    }

    /** LangChain's search: the strings under the keys the pointers name, at this level or below it. */
    private static void search(JsonNode json, List<JsonPointer> pointers, boolean belowAMatch, List<String> found) {
        if (!truthy(json) || !json.isContainerNode()) return;
        List<JsonNode> targeted = pointers.stream().map(json::at).filter(JsonDocuments::truthy).toList();
        List<JsonNode> others = new ArrayList<>();
        json.forEach(value -> {
            if (targeted.stream().noneMatch(target -> target == value || (target.isValueNode() && target.equals(value)))) others.add(value);
        });
        if (!targeted.isEmpty()) {
            targeted.forEach(target -> all(target, found));
            others.forEach(other -> search(other, pointers, true, found));
        } else if (!belowAMatch) {
            others.forEach(other -> search(other, pointers, false, found));
        }
    }

    private static String keyValues(JsonNode object, String prefix) {
        List<String> lines = new ArrayList<>();
        object.properties().forEach(field -> {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) lines.add(keyValues(value, key));
            else lines.add(key + ": " + (value.isArray() ? value.toString() : value.asText()));
        });
        return String.join("\n", lines);
    }

    /** JavaScript's truthiness: empty strings, zero, false and null are not. */
    private static boolean truthy(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) return false;
        if (value.isTextual()) return !value.asText().isEmpty();
        if (value.isNumber()) return value.asDouble() != 0;
        return !value.isBoolean() || value.asBoolean();
    }
}
