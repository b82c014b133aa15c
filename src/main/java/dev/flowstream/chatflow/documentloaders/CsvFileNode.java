package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.documentloaders.FileDocumentLoader.FileKind;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code csvFile}: the CSV files its {@code csvFile} input names, one document per row
 * ({@link CsvRows}); with a {@code columnName}, only that column's values. A column the file does
 * not have fails the load naming the file and its columns.
 *
 * <p>Threading: stateless.
 */
final class CsvFileNode {

    static final String NAME = "csvFile";
    private static final String FILE = "csvFile";
    private static final FileKind KIND = new FileKind(Set.of(FILE), Set.of(FILE, "columnName", "metadata"),
            CsvFileNode::read, MetadataRule.FILE_WINS);

    private CsvFileNode() {
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring) {
        return FileDocumentLoader.load(node, wiring, KIND);
    }

    private static List<SourceDocument> read(ExportNode node, Path configDir) {
        Optional<String> column = node.inputs().text("columnName").map(String::trim);
        return FileInputs.read(node, FILE, configDir).stream()
                .flatMap(file -> CsvRows.documents(node, file, column).stream()).toList();
    }
}
