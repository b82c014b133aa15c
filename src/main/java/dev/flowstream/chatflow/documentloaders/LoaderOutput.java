package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Flowise's file loaders do with the documents read from their files: with a text splitter
 * each document is cut into chunks that keep its metadata; then the node's {@code metadata} input
 * (a JSON object) is added to every document, and the keys its {@code omitMetadataKeys} lists
 * (comma-separated, {@code loc.pageNumber} for a nested key) are removed; {@code *} removes all but
 * the {@code metadata} input's. Blank documents are left out. Stateless.
 */
final class LoaderOutput {

    /** How a loader's own metadata meets its {@code metadata} input, as each Flowise loader does it. */
    enum MetadataRule {
        /** The input's values replace the file's ({@code pdfFile}, {@code docxFile}, {@code fileLoader}). */
        INPUT_WINS,
        /** The file's values replace the input's ({@code csvFile}, {@code microsoftWord}). */
        FILE_WINS,
        /** As {@link #INPUT_WINS}, but values that are JSON pointers ({@code "/url"}) were read from each item instead. */
        POINTERS_READ
    }

    private LoaderOutput() {
    }

    static List<SourceDocument> finish(ExportNode node, List<SourceDocument> read, Optional<TextSplitter> splitter,
                                       MetadataRule rule) {
        Map<String, Object> extra = inputMetadata(node, rule);
        Optional<String> omit = node.inputs().text("omitMetadataKeys").map(String::trim);
        List<SourceDocument> documents = new ArrayList<>();
        for (SourceDocument document : read) {
            Map<String, Object> metadata = metadata(document.metadata(), extra, omit, rule);
            List<String> chunks = splitter.map(s -> s.split(document.pageContent()))
                    .orElse(document.pageContent().isBlank() ? List.of() : List.of(document.pageContent()));
            chunks.forEach(chunk -> documents.add(new SourceDocument(chunk, metadata)));
        }
        return documents;
    }

    private static Map<String, Object> metadata(Map<String, Object> own, Map<String, Object> extra, Optional<String> omit,
                                                MetadataRule rule) {
        if (omit.filter("*"::equals).isPresent()) return extra;
        Map<String, Object> metadata = new LinkedHashMap<>(rule == MetadataRule.FILE_WINS ? extra : own);
        metadata.putAll(rule == MetadataRule.FILE_WINS ? own : extra);
        omit.ifPresent(keys -> omitKeys(metadata, keys));
        return metadata;
    }

    /** The node's {@code metadata} input as plain values (JSON nulls left out). */
    static Map<String, Object> inputMetadata(ExportNode node, MetadataRule rule) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        node.inputs().json("metadata").ifPresent(json -> {
            if (!json.isObject()) throw node.failure("input metadata must be a JSON object");
            json.properties().forEach(field -> {
                boolean pointer = field.getValue().isTextual() && field.getValue().asText().startsWith("/");
                if (!field.getValue().isNull() && !(pointer && rule == MetadataRule.POINTERS_READ)) {
                    metadata.put(field.getKey(), plain(field.getValue()));
                }
            });
        });
        return metadata;
    }

    /** A JSON value as maps, lists, strings, numbers and booleans. */
    static Object plain(JsonNode value) {
        try {
            return Json.reader().forType(Object.class).readValue(value);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always converts to plain values", e);
        }
    }

    private static void omitKeys(Map<String, Object> metadata, String keys) {
        for (String key : keys.split(",")) {
            String trimmed = key.trim();
            if (metadata.remove(trimmed) == null && trimmed.contains(".")) removePath(metadata, trimmed.split("\\."), 0);
        }
    }

    /** Removes a nested key, copying the maps on its path: documents of one file share them. */
    @SuppressWarnings("unchecked")
    private static void removePath(Map<String, Object> map, String[] path, int at) {
        if (at == path.length - 1) {
            map.remove(path[at]);
            return;
        }
        if (!(map.get(path[at]) instanceof Map<?, ?> child)) return;
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) child);
        removePath(copy, path, at + 1);
        map.put(path[at], copy);
    }
}
