package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body already read in full (bounded by the reader), split into its
 * text fields and its files (RFC 7578). Read here rather than by the container, whose parser reads
 * with blocking calls on a request thread. Immutable.
 *
 * @param fields the text fields by name (the last one of a repeated name wins)
 * @param files  the files, in order
 */
record MultipartForm(Map<String, String> fields, List<Part> files) {

    /** One uploaded file: its form field, its file name and its bytes. */
    record Part(String field, String fileName, byte[] content) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    MultipartForm {
        fields = Map.copyOf(fields);
        files = List.copyOf(files);
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static MultipartForm parse(String contentType, byte[] body) {
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) throw HttpException.badRequest("multipart/form-data without a boundary");
        byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new LinkedHashMap<>();
        List<Part> files = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) throw HttpException.badRequest("the multipart body does not start with its boundary");
        while (true) {
            int start = at + delimiter.length;
            if (startsWith(body, start, "--")) break; // the closing delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, ("\r\n" + new String(delimiter, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) throw HttpException.badRequest("a part of the multipart body is cut short");
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            add(headers, content, fields, files);
            at = next + 2;
        }
        return new MultipartForm(fields, files);
    }

    private static void add(String headers, byte[] content, Map<String, String> fields, List<Part> files) {
        String disposition = headers.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-disposition:"))
                .findFirst().orElseThrow(() -> HttpException.badRequest("a part of the multipart body has no Content-Disposition"));
        String name = find(NAME, disposition).orElseThrow(() -> HttpException.badRequest("a part of the multipart body has no name"));
        Optional<String> fileName = find(FILE_NAME, disposition);
        if (fileName.isPresent()) files.add(new Part(name, fileName.get(), content));
        else fields.put(name, new String(content, StandardCharsets.UTF_8));
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (at + bytes.length > body.length) return false;
        for (int i = 0; i < bytes.length; i++) if (body[at + i] != bytes[i]) return false;
        return true;
    }

    private static int indexOf(byte[] body, byte[] target, int from) {
        outer:
        for (int i = from; i <= body.length - target.length; i++) {
            for (int j = 0; j < target.length; j++) if (body[i + j] != target[j]) continue outer;
            return i;
        }
        return -1;
    }
}
