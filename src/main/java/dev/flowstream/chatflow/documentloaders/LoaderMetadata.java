package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.streaming.SourceDocument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code metadata} and {@code omitMetadataKeys} inputs of Flowise's web loaders: the JSON
 * object's fields are added to each document's own metadata (and win over it), then the listed
 * keys (comma-separated, top-level) are removed; {@code *} keeps only the added fields. Nested
 * values are kept as their JSON text, as vector stores keep flat metadata.
 *
 * <p>Threading: an immutable value.
 */
record LoaderMetadata(Map<String, Object> added, Set<String> omitted, boolean omitAll) {

    private static final String ALL = "*";

    LoaderMetadata {
        added = Map.copyOf(added);
        omitted = Set.copyOf(omitted);
    }

    /** Reads the two inputs' values; metadata that is not a JSON object fails the load. */
    static LoaderMetadata of(ExportNode node, Optional<JsonNode> metadata, Optional<String> omitMetadataKeys) {
        Map<String, Object> added = new LinkedHashMap<>();
        metadata.ifPresent(json -> {
            if (!json.isObject()) throw node.failure("input metadata must be a JSON object");
            json.properties().forEach(field -> added.put(field.getKey(),
                    field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        });
        String keys = omitMetadataKeys.map(String::trim).orElse("");
        Set<String> omitted = Arrays.stream(keys.split(",")).map(String::trim).filter(key -> !key.isEmpty())
                .collect(Collectors.toSet());
        return new LoaderMetadata(added, omitted, keys.equals(ALL));
    }

    /** The document with its metadata completed and trimmed. */
    SourceDocument apply(SourceDocument document) {
        Map<String, Object> metadata = new HashMap<>(omitAll ? Map.of() : document.metadata());
        metadata.putAll(added);
        if (!omitAll) metadata.keySet().removeAll(omitted);
        return new SourceDocument(document.pageContent(), metadata);
    }

    List<SourceDocument> apply(List<SourceDocument> documents) {
        return documents.stream().map(this::apply).toList();
    }
}
