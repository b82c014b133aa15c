package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files a user uploaded into a loader in Flowise's canvas: the export holds them inline, as
 * {@code data:<type>;base64,<content>,filename:<name>}, or a JSON list of those for several files.
 * Only text (UTF-8) is read here. Stateless.
 */
final class UploadedFiles {

    private static final String PREFIX = "data:";
    private static final String FILENAME = ",filename:";

    private UploadedFiles() {
    }

    static boolean isUpload(String value) {
        return value.startsWith(PREFIX) || (value.startsWith("[") && value.contains(PREFIX));
    }

    /** Each uploaded file's text by its file name, in order. */
    static Map<Optional<String>, String> texts(ExportNode node, String input, String value) {
        Map<Optional<String>, String> texts = new LinkedHashMap<>();
        for (String file : files(node, input, value)) {
            int comma = file.indexOf(',');
            int named = file.indexOf(FILENAME, comma + 1);
            if (comma < 0 || named < 0 || !file.substring(0, comma).endsWith(";base64")) {
                throw node.failure("input " + input + " holds an uploaded file Flowstream cannot read (expected data:<type>;base64,...,filename:<name>)");
            }
            String name = file.substring(named + FILENAME.length());
            texts.put(Optional.of(name), text(node, input, name, file.substring(comma + 1, named)));
        }
        return texts;
    }

    private static List<String> files(ExportNode node, String input, String value) {
        if (!value.startsWith("[")) return List.of(value);
        try {
            List<String> files = new ArrayList<>();
            Json.reader().readTree(value).forEach(file -> files.add(file.asText()));
            return files;
        } catch (IOException e) {
            throw node.failure("input " + input + " is not a list of uploaded files");
        }
    }

    private static String text(ExportNode node, String input, String name, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw node.failure("input " + input + ": uploaded file " + name + " is not UTF-8 text");
        }
    }
}
