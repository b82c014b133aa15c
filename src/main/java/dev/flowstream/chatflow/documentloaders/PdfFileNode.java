package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.documentloaders.FileDocumentLoader.FileKind;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.documentloaders.PdfText.Usage;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Flowise's {@code pdfFile}: the PDFs its {@code pdfFile} input names ({@link FileInputs}), one
 * document per page or per file by its {@code usage} ({@link PdfText}). Its {@code legacyBuild}
 * input picks a pdf.js build in Flowise and means nothing here; it is not read.
 *
 * <p>Threading: stateless.
 */
final class PdfFileNode {

    static final String NAME = "pdfFile";
    private static final String FILE = "pdfFile";
    private static final FileKind KIND = new FileKind(Set.of(FILE), Set.of(FILE, "usage", "metadata"),
            PdfFileNode::read, MetadataRule.INPUT_WINS);

    private PdfFileNode() {
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring) {
        return FileDocumentLoader.load(node, wiring, KIND);
    }

    private static List<SourceDocument> read(ExportNode node, Path configDir) {
        Usage usage = usage(node);
        return FileInputs.read(node, FILE, configDir).stream()
                .flatMap(file -> PdfText.documents(node, file, usage).stream()).toList();
    }

    /** Flowise's {@code usage}: {@code perPage} (the default) or {@code perFile}. */
    static Usage usage(ExportNode node) {
        String usage = node.inputs().text("usage").map(String::trim).orElse("perPage");
        return switch (usage) {
            case "perPage" -> Usage.PER_PAGE;
            case "perFile" -> Usage.PER_FILE;
            default -> throw node.failure("input usage must be perPage or perFile, not " + usage);
        };
    }
}
