package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.support.TextFiles;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ConfigPaths;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's document loaders, read once at load: {@code plainText} (its {@code text} input),
 * {@code textFile} (the file its {@code txtFile} input names, relative to the config directory, or
 * the files uploaded into it in Flowise's canvas; none, when unset), {@code folderFiles} (the
 * Markdown and text files under its {@code folderPath}, relative to the config directory,
 * subfolders included) and {@code documentStore} (the files of
 * {@code <config>/document-stores/<selectedStore>/}; none, when no store is selected). Paths
 * leaving the config directory fail the load.
 * Each file's documents carry its name as {@code metadata.source}; the node's {@code metadata}
 * input (a JSON object) is added to every document. With a {@code textSplitter} the documents are
 * split into chunks, otherwise each stays whole, as in Flowise.
 *
 * <p>Threading: stateless; {@link #load} runs once, during a flow's load.
 */
final class DocumentLoaderNode implements DocumentLoader {

    static final String PLAIN_TEXT = "plainText";
    static final String TEXT_FILE = "textFile";
    static final String FOLDER_FILES = "folderFiles";
    static final String DOCUMENT_STORE = "documentStore";
    /** Where a Flowise document store's files are kept: {@code <config>/document-stores/<store id>/}. */
    static final String DOCUMENT_STORES = "document-stores";

    /** The inputs an upsert may replace: where the documents come from. */
    private static final Set<String> OVERRIDABLE = Set.of("text", "txtFile", "folderPath", "recursive", "selectedStore", "metadata");

    private final ExportNode node;
    private final Optional<TextSplitter> splitter;
    private final Path configDir;

    private DocumentLoaderNode(ExportNode node, Optional<TextSplitter> splitter, Path configDir) {
        this.node = node;
        this.splitter = splitter;
        this.configDir = configDir;
    }

    static DocumentLoaderNode load(ExportNode node, Wiring wiring) {
        Optional<TextSplitter> splitter = wiring.optional(node, "textSplitter", Role.TEXT_SPLITTER);
        DocumentLoaderNode loader = new DocumentLoaderNode(node, splitter, wiring.runtime().configDir());
        documents(node, splitter, loader.configDir); // a bad path or file fails the load, not a later upsert
        return loader;
    }

    @Override
    public Set<String> fileInputs() {
        return node.name().equals(TEXT_FILE) ? Set.of("txtFile") : Set.of();
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        return documents(current, splitter, configDir);
    }

    /** The node's documents, split by {@code splitter} when it has one. */
    private static List<SourceDocument> documents(ExportNode node, Optional<TextSplitter> splitter, Path configDir) {
        Map<String, Object> extra = extraMetadata(node);
        List<SourceDocument> documents = new ArrayList<>();
        read(node, configDir).forEach((source, text) -> {
            Map<String, Object> metadata = new HashMap<>(extra);
            source.ifPresent(name -> metadata.put("source", name));
            List<String> chunks = splitter.map(s -> s.split(text)).orElse(text.isBlank() ? List.of() : List.of(text));
            chunks.forEach(chunk -> documents.add(new SourceDocument(chunk, metadata)));
        });
        return documents;
    }

    /** Texts by source file name (empty for plain text), in a stable order. */
    private static Map<Optional<String>, String> read(ExportNode node, Path configDir) {
        NodeInputs in = node.inputs();
        try {
            return switch (node.name()) {
                case PLAIN_TEXT -> Map.of(Optional.empty(), in.text("text").orElseThrow(
                        () -> node.failure("needs text in its text input")));
                case TEXT_FILE -> textFile(node, configDir);
                case FOLDER_FILES -> folder(node, configDir);
                case DOCUMENT_STORE -> documentStore(node, configDir);
                default -> throw node.failure("is not a document loader");
            };
        } catch (IOException e) {
            throw node.failure("could not read its documents: " + e.getMessage());
        }
    }

    private static Map<Optional<String>, String> textFile(ExportNode node, Path configDir) throws IOException {
        Optional<String> given = node.inputs().text("txtFile").map(String::trim);
        if (given.isEmpty()) return Map.of(); // its file comes with an upsert, as in Flowise
        String name = given.get();
        FileInputs.refuseFlowiseStorage(node, "txtFile", name);
        if (UploadedFiles.isUpload(name)) return UploadedFiles.texts(node, "txtFile", name);
        Path file = ConfigPaths.inside(node, "txtFile", configDir, name, false);
        String text = TextFiles.text(file).orElseThrow(() -> node.failure("input txtFile: " + name + " is not UTF-8 text under 5 MB"));
        return Map.of(Optional.of(file.getFileName().toString()), text);
    }

    private static Map<Optional<String>, String> folder(ExportNode node, Path configDir) throws IOException {
        String name = node.inputs().text("folderPath").map(String::trim)
                .orElseThrow(() -> node.failure("needs a folder in its folderPath input"));
        Path folder = ConfigPaths.inside(node, "folderPath", configDir, name, true);
        boolean recursive = node.inputs().flag("recursive", false);
        Map<Optional<String>, String> texts = new LinkedHashMap<>();
        TextFiles.texts(folder).forEach((source, text) -> {
            if (recursive || !source.contains("/")) texts.put(Optional.of(source), text);
        });
        return texts;
    }

    /** A Flowise document store's files: {@code <config>/document-stores/<selectedStore>/}; none selected, none read. */
    private static Map<Optional<String>, String> documentStore(ExportNode node, Path configDir) throws IOException {
        Optional<String> store = node.inputs().text("selectedStore").map(String::trim);
        if (store.isEmpty()) return Map.of();
        Path folder = ConfigPaths.inside(node, "selectedStore", configDir, DOCUMENT_STORES + "/" + store.get(), true);
        Map<Optional<String>, String> texts = new LinkedHashMap<>();
        TextFiles.texts(folder).forEach((source, text) -> texts.put(Optional.of(source), text));
        return texts;
    }

    private static Map<String, Object> extraMetadata(ExportNode node) {
        Map<String, Object> metadata = new HashMap<>();
        node.inputs().json("metadata").ifPresent(json -> {
            if (!json.isObject()) throw node.failure("input metadata must be a JSON object");
            json.fields().forEachRemaining(field -> metadata.put(field.getKey(),
                    field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        });
        return metadata;
    }
}
