package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.ConfigPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files a loader's file input ({@code pdfFile}, {@code csvFile}, ...) names: uploads held
 * inline in the export or sent with an upsert ({@link UploadedFiles}), or one path relative to the
 * config directory (never outside it, at most {@value #MAX_FILE_MB} MB). Flowise 2's exports may
 * instead point into Flowise's own file storage ({@code FILE-STORAGE::...}), which they do not
 * carry: that fails the load saying so. Stateless.
 */
final class FileInputs {

    static final int MAX_FILE_MB = 50;
    private static final String FLOWISE_STORAGE = "FILE-STORAGE::";

    private FileInputs() {
    }

    /** Fails the load when {@code value} points into Flowise's own file storage. */
    static void refuseFlowiseStorage(ExportNode node, String input, String value) {
        if (value.startsWith(FLOWISE_STORAGE)) {
            throw node.failure("input " + input + " names files kept in Flowise's own storage (" + FLOWISE_STORAGE
                    + "), which an export does not carry: upload them again, send them to the upsert API, or put them "
                    + "in the config directory and name their path");
        }
    }

    /** The files {@code input} names, in order; none when it is unset (its files come with an upsert). */
    static List<LoaderFile> read(ExportNode node, String input, Path configDir) {
        Optional<String> given = node.inputs().text(input).map(String::trim);
        if (given.isEmpty()) return List.of();
        String value = given.get();
        refuseFlowiseStorage(node, input, value);
        if (UploadedFiles.isUpload(value)) return UploadedFiles.files(node, input, value);
        Path file = ConfigPaths.inside(node, input, configDir, value, false);
        try {
            if (Files.size(file) > MAX_FILE_MB * 1024L * 1024L) {
                throw node.failure("input " + input + ": file " + value + " is larger than " + MAX_FILE_MB + " MB");
            }
            return List.of(new LoaderFile(input, file.getFileName().toString(), Optional.empty(), Files.readAllBytes(file)));
        } catch (IOException e) {
            throw node.failure("input " + input + ": cannot read " + value);
        }
    }
}
