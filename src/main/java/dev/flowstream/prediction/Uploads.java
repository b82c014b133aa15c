package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The files of a multipart upsert, handed to the flow's loaders as Flowise does: each file becomes
 * the file input of the loaders that read its kind, inline ({@code data:<type>;base64,...,filename:
 * <name>}, the form Flowise's exports hold uploads in). Text files ({@code .txt}, {@code .md}, ...)
 * go to {@code textFile}'s {@code txtFile}; any other kind is refused (415) naming the file. The
 * form's other fields are overrides too: {@code overrideConfig} as JSON, any other by its name.
 * Stateless.
 */
final class Uploads {

    private static final Set<String> TEXT = Set.of("txt", "text", "md", "markdown");
    private static final String TEXT_INPUT = "txtFile";

    private Uploads() {
    }

    static Map<String, Object> overrideConfig(MultipartForm form) {
        Map<String, Object> overrides = new HashMap<>();
        form.fields().forEach((name, value) -> {
            if (name.equals("overrideConfig")) overrides.putAll(UpsertServlet.overrideConfig("{\"overrideConfig\":" + value + "}"));
            else overrides.put(name, value);
        });
        List<String> texts = new ArrayList<>();
        for (MultipartForm.Part file : form.files()) {
            String extension = extension(file.fileName());
            if (!TEXT.contains(extension)) {
                throw new HttpException(415, "file " + file.fileName() + " cannot be upserted yet: only text files ("
                        + String.join(", ", TEXT.stream().sorted().map(e -> "." + e).toList()) + ")");
            }
            texts.add("data:text/plain;base64," + Base64.getEncoder().encodeToString(file.content()) + ",filename:" + file.fileName());
        }
        if (!texts.isEmpty()) overrides.put(TEXT_INPUT, json(texts));
        return overrides;
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String json(List<String> values) {
        try {
            return Json.writer().writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }
}
