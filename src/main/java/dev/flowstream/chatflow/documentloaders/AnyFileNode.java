package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.documentloaders.FileDocumentLoader.FileKind;
import dev.flowstream.chatflow.documentloaders.JsonDocuments.Split;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code fileLoader}, the generic one: each file of its {@code file} input is read by the
 * loader its extension (else its upload's MIME type) picks: {@code .pdf} by page or by file
 * ({@code usage}), {@code .docx} whole, {@code .csv} by row, {@code .json} every string,
 * {@code .jsonl} by line at {@code pointerName}, anything else whole as UTF-8 text. Spreadsheets,
 * slides and Word 97-2003 files fail the load naming the file. As in Flowise, the files an upsert
 * sends to the other loaders' inputs ({@code txtFile}, {@code pdfFile}, ...) replace its own.
 *
 * <p>Threading: stateless.
 */
final class AnyFileNode {

    static final String NAME = "fileLoader";
    private static final String FILE = "file";
    /** The other loaders' file inputs, in Flowise's order: an upsert's files arrive there. */
    private static final List<String> UPLOADS = List.of("txtFile", "pdfFile", "jsonFile", "csvFile", "jsonlinesFile", "docxFile");
    private static final Set<String> UNREADABLE = Set.of("xls", "xlsx", "xlsm", "xlsb", "ppt", "pptx", "doc");
    private static final Map<String, String> EXTENSIONS_BY_TYPE = Map.of("text/plain", "txt", "text/markdown", "md",
            "application/pdf", "pdf", "application/json", "json", "text/csv", "csv", "application/jsonl", "jsonl",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
    private static final FileKind KIND = new FileKind(files(), with(files(), "usage", "pointerName", "metadata"),
            AnyFileNode::read, MetadataRule.INPUT_WINS);

    private AnyFileNode() {
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring) {
        return FileDocumentLoader.load(node, wiring, KIND);
    }

    private static Set<String> files() {
        return with(Set.copyOf(UPLOADS), FILE);
    }

    private static Set<String> with(Set<String> inputs, String... more) {
        Set<String> all = new HashSet<>(inputs);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    private static List<SourceDocument> read(ExportNode node, Path configDir) {
        List<LoaderFile> files = new ArrayList<>();
        for (String input : UPLOADS) files.addAll(FileInputs.read(node, input, configDir));
        if (files.isEmpty()) files = FileInputs.read(node, FILE, configDir);
        List<SourceDocument> documents = new ArrayList<>();
        for (LoaderFile file : files) documents.addAll(read(node, file));
        return documents;
    }

    private static List<SourceDocument> read(ExportNode node, LoaderFile file) {
        String extension = extension(file);
        if (UNREADABLE.contains(extension)) throw file.failure(node, "is a ." + extension + " file, which Flowstream cannot read");
        return switch (extension) {
            case "pdf" -> PdfText.documents(node, file, PdfFileNode.usage(node));
            case "docx" -> List.of(WordFileNode.whole(node, file));
            case "csv" -> CsvRows.documents(node, file, Optional.empty());
            case "json" -> JsonDocuments.documents(node, file, List.of(), Map.of(), Split.STRINGS);
            case "jsonl" -> JsonLinesFileNode.documents(node, file, JsonLinesFileNode.pointer(node,
                    node.inputs().text("pointerName").map(String::trim).orElseThrow(() -> file.failure(node,
                            "is JSON Lines: the node needs the key of each line's text in its pointerName input"))), Map.of());
            default -> List.of(new SourceDocument(file.text(node), Map.of("source", file.name())));
        };
    }

    private static String extension(LoaderFile file) {
        if (!file.extension().isEmpty()) return file.extension();
        return file.mimeType().map(type -> EXTENSIONS_BY_TYPE.getOrDefault(type, "")).orElse("");
    }
}
