package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files a user uploaded into a loader in Flowise's canvas, or sent to the upsert API: the export
 * (or the override) holds them inline, as {@code data:<type>;base64,<content>,filename:<name>}, or
 * a JSON list of those for several files. Stateless.
 */
final class UploadedFiles {

    private static final String PREFIX = "data:";
    private static final String FILENAME = ",filename:";

    private UploadedFiles() {
    }

    static boolean isUpload(String value) {
        return value.startsWith(PREFIX) || (value.startsWith("[") && value.contains(PREFIX));
    }

    /** Each uploaded file's text by its file name, in order; a file that is not UTF-8 fails the load. */
    static Map<Optional<String>, String> texts(ExportNode node, String input, String value) {
        Map<Optional<String>, String> texts = new LinkedHashMap<>();
        for (LoaderFile file : files(node, input, value)) texts.put(Optional.of(file.name()), file.text(node));
        return texts;
    }

    /** The uploaded files, decoded, in order. */
    static List<LoaderFile> files(ExportNode node, String input, String value) {
        List<LoaderFile> files = new ArrayList<>();
        for (String file : entries(node, input, value)) {
            int comma = file.indexOf(',');
            int named = file.indexOf(FILENAME, comma + 1);
            if (!file.startsWith(PREFIX) || comma < 0 || named < 0 || !file.substring(0, comma).endsWith(";base64")) {
                throw node.failure("input " + input + " holds an uploaded file Flowstream cannot read (expected data:<type>;base64,...,filename:<name>)");
            }
            String name = file.substring(named + FILENAME.length());
            String type = file.substring(PREFIX.length(), comma - ";base64".length());
            try {
                files.add(new LoaderFile(input, name, Optional.of(type), Base64.getDecoder().decode(file.substring(comma + 1, named))));
            } catch (IllegalArgumentException e) {
                throw node.failure("input " + input + ": uploaded file " + name + " is not valid base64");
            }
        }
        return files;
    }

    private static List<String> entries(ExportNode node, String input, String value) {
        if (!value.startsWith("[")) return List.of(value);
        try {
            List<String> files = new ArrayList<>();
            Json.reader().readTree(value).forEach(file -> files.add(file.asText()));
            return files;
        } catch (IOException e) {
            throw node.failure("input " + input + " is not a list of uploaded files");
        }
    }
}
