package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.core.JsonPointer;
import dev.flowstream.chatflow.documentloaders.FileDocumentLoader.FileKind;
import dev.flowstream.chatflow.documentloaders.JsonDocuments.Split;
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
 * Flowise's {@code jsonFile}: the JSON files its {@code jsonFile} input names, one document per
 * string found ({@link JsonDocuments}), under the keys its {@code pointersName} lists (names
 * separated by commas, as Flowise reads them: anything but letters and digits separates) or
 * anywhere; with {@code separateByObject}, one document per object. Values of its {@code metadata}
 * input that start with {@code /} are pointers read from each item. Pointers that find no text in
 * a file fail the load naming them and the file.
 *
 * <p>Threading: stateless.
 */
final class JsonFileNode {

    static final String NAME = "jsonFile";
    private static final String FILE = "jsonFile";
    private static final FileKind KIND = new FileKind(Set.of(FILE),
            Set.of(FILE, "pointersName", "separateByObject", "metadata"), JsonFileNode::read, MetadataRule.POINTERS_READ);

    private JsonFileNode() {
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring) {
        return FileDocumentLoader.load(node, wiring, KIND);
    }

    private static List<SourceDocument> read(ExportNode node, Path configDir) {
        Split split = node.inputs().flag("separateByObject", false) ? Split.OBJECTS : Split.STRINGS;
        List<JsonPointer> pointers = split == Split.OBJECTS ? List.of() : pointers(node);
        Map<String, JsonPointer> fromItem = metadataPointers(node);
        List<SourceDocument> documents = new ArrayList<>();
        for (LoaderFile file : FileInputs.read(node, FILE, configDir)) {
            List<SourceDocument> read = JsonDocuments.documents(node, file, pointers, fromItem, split);
            if (read.isEmpty() && !pointers.isEmpty()) {
                throw node.failure("input pointersName: no text under " + String.join(", ", pointers.stream()
                        .map(JsonPointer::toString).toList()) + " in file " + file.name());
            }
            documents.addAll(read);
        }
        return documents;
    }

    private static List<JsonPointer> pointers(ExportNode node) {
        String names = node.inputs().text("pointersName").orElse("");
        List<JsonPointer> pointers = new ArrayList<>();
        for (String name : names.split("[^a-zA-Z0-9]+")) {
            if (!name.isEmpty()) pointers.add(JsonPointer.compile("/" + name));
        }
        return pointers;
    }

    /** The {@code metadata} input's pointer values ({@code {"url": "/url"}}), by the key they fill. */
    static Map<String, JsonPointer> metadataPointers(ExportNode node) {
        Map<String, JsonPointer> pointers = new LinkedHashMap<>();
        node.inputs().json("metadata").filter(json -> json.isObject()).ifPresent(json -> json.properties().forEach(field -> {
            String value = field.getValue().asText();
            if (!field.getValue().isTextual() || !value.startsWith("/")) return;
            try {
                pointers.put(field.getKey(), JsonPointer.compile(value));
            } catch (IllegalArgumentException e) {
                throw node.failure("input metadata: " + value + " is not a JSON pointer");
            }
        }));
        return pointers;
    }
}
