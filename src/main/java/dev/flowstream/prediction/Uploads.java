package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of a multipart upsert, handed to the flow's loaders as Flowise's upsert does: each file
 * goes, by its extension, to the file input of the loaders that read its kind ({@code .pdf} to
 * {@code pdfFile}, {@code .csv} to {@code csvFile}, {@code .json} to {@code jsonFile},
 * {@code .jsonl} to {@code jsonlinesFile}, {@code .docx} to {@code docxFile}, text and Markdown to
 * {@code txtFile}; a {@code fileLoader} reads them all), inline as a JSON list of
 * {@code data:<type>;base64,...,filename:<name>}, the form Flowise's exports hold uploads in. A
 * file of another kind, or of a kind none of the flow's loaders reads, is refused (415) naming it.
 * The form's other fields are overrides too: {@code overrideConfig} as JSON, any other by its name.
 * Stateless.
 */
final class Uploads {

    /** A kind Flowstream reads: the loader input it goes to, its MIME type, the loaders that read it. */
    private record Kind(String input, String type, String loaders) {
    }

    private static final Map<String, Kind> KINDS = Map.of(
            "txt", new Kind("txtFile", "text/plain", "textFile"),
            "text", new Kind("txtFile", "text/plain", "textFile"),
            "md", new Kind("txtFile", "text/markdown", "textFile"),
            "markdown", new Kind("txtFile", "text/markdown", "textFile"),
            "pdf", new Kind("pdfFile", "application/pdf", "pdfFile"),
            "csv", new Kind("csvFile", "text/csv", "csvFile"),
            "json", new Kind("jsonFile", "application/json", "jsonFile"),
            "jsonl", new Kind("jsonlinesFile", "application/jsonl", "jsonlinesFile"),
            "docx", new Kind("docxFile", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "docxFile, microsoftWord"));

    private Uploads() {
    }

    /**
     * @param fileInputs the inputs the flow's loaders read files from ({@code Chatflow.fileInputs()})
     * @throws HttpException 415 for a file no loader of the flow reads, 400 for an {@code overrideConfig} that is not JSON
     */
    static Map<String, Object> overrideConfig(MultipartForm form, Set<String> fileInputs) {
        Map<String, Object> overrides = new HashMap<>();
        form.fields().forEach((name, value) -> {
            if (name.equals("overrideConfig")) overrides.putAll(UpsertServlet.overrideConfig("{\"overrideConfig\":" + value + "}"));
            else overrides.put(name, value);
        });
        Map<String, List<String>> byInput = new LinkedHashMap<>();
        for (MultipartForm.Part file : form.files()) {
            String extension = extension(file.fileName());
            Kind kind = KINDS.get(extension);
            if (kind == null) {
                throw new HttpException(415, "file " + file.fileName() + " cannot be upserted: Flowstream's loaders read "
                        + String.join(", ", new TreeSet<>(KINDS.keySet()).stream().map(e -> "." + e).toList()) + " files");
            }
            if (!fileInputs.contains(kind.input())) {
                throw new HttpException(415, "file " + file.fileName() + " cannot be upserted: no loader of this chatflow reads ."
                        + extension + " files (" + kind.loaders() + " or fileLoader would)");
            }
            byInput.computeIfAbsent(kind.input(), input -> new ArrayList<>()).add("data:" + kind.type() + ";base64,"
                    + Base64.getEncoder().encodeToString(file.content()) + ",filename:" + file.fileName());
        }
        byInput.forEach((input, files) -> overrides.put(input, json(files)));
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
