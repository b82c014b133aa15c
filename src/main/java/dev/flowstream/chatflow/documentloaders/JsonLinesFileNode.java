package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.documentloaders.FileDocumentLoader.FileKind;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flowise's {@code jsonlinesFile}: the JSON Lines files its {@code jsonlinesFile} input names, one
 * document per non-blank line, the text at its {@code pointerName} (a key; required); a line whose
 * value there is not text fails the load naming the line and the file. Metadata: {@code source},
 * {@code line} (the document's number, when the file has more than one) and the values the
 * {@code metadata} input's pointers ({@code "/url"}) read from the line.
 *
 * <p>Threading: stateless.
 */
final class JsonLinesFileNode {

    static final String NAME = "jsonlinesFile";
    private static final String FILE = "jsonlinesFile";
    private static final FileKind KIND = new FileKind(Set.of(FILE), Set.of(FILE, "pointerName", "metadata"),
            JsonLinesFileNode::read, MetadataRule.POINTERS_READ);

    private JsonLinesFileNode() {
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring) {
        return FileDocumentLoader.load(node, wiring, KIND);
    }

    private static List<SourceDocument> read(ExportNode node, Path configDir) {
        List<LoaderFile> files = FileInputs.read(node, FILE, configDir);
        if (files.isEmpty()) return List.of();
        String key = node.inputs().text("pointerName").map(String::trim)
                .orElseThrow(() -> node.failure("needs the key of each line's text in its pointerName input"));
        Map<String, JsonPointer> fromLine = JsonFileNode.metadataPointers(node);
        List<SourceDocument> documents = new ArrayList<>();
        for (LoaderFile file : files) documents.addAll(documents(node, file, pointer(node, key), fromLine));
        return documents;
    }

    /** The documents of one file; {@code pointerName} as Flowise reads it: a key, or a pointer below the root. */
    static List<SourceDocument> documents(ExportNode node, LoaderFile file, JsonPointer pointer, Map<String, JsonPointer> fromLine) {
        String[] lines = file.text(node).split("\n", -1);
        List<String> texts = new ArrayList<>();
        List<Map<String, Object>> metadata = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            JsonNode line = parse(node, file, lines[i], i + 1);
            JsonNode text = line.at(pointer);
            if (!text.isTextual()) {
                throw node.failure("input pointerName: line " + (i + 1) + " of file " + file.name() + " has no text at " + pointer);
            }
            texts.add(text.asText());
            metadata.add(JsonDocuments.itemMetadata(line, fromLine));
        }
        List<SourceDocument> documents = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> meta = new LinkedHashMap<>(Map.of("source", file.name()));
            if (texts.size() > 1) meta.put("line", i + 1);
            meta.putAll(metadata.get(i));
            documents.add(new SourceDocument(texts.get(i), meta));
        }
        return documents;
    }

    private static JsonNode parse(ExportNode node, LoaderFile file, String line, int number) {
        try {
            return JsonDocuments.READER.readTree(line.trim());
        } catch (JsonProcessingException e) {
            throw file.failure(node, "is not JSON Lines: line " + number + " is not valid JSON");
        }
    }

    static JsonPointer pointer(ExportNode node, String key) {
        try {
            return JsonPointer.compile("/" + key);
        } catch (IllegalArgumentException e) {
            throw node.failure("input pointerName: /" + key + " is not a JSON pointer");
        }
    }
}
