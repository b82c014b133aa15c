package dev.flowstream.chatflow.support;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Reads the Markdown and text files under a directory ({@code .md}, {@code .markdown},
 * {@code .txt}, {@code .text}; hidden files, symbolic links and files over 5 MB skipped), named by
 * their path relative to that directory. Stateless and thread-safe.
 */
public final class TextFiles {

    private static final Logger LOG = Logger.getLogger(TextFiles.class.getName());
    private static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    private static final List<String> EXTENSIONS = List.of(".md", ".markdown", ".txt", ".text");

    private TextFiles() {
    }

    /** Each readable document under {@code root} by its relative name, in file-name order, unsplit. */
    public static Map<String, String> texts(Path root) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path file : documents(root)) {
            Optional<String> text = read(file);
            if (text.isPresent()) texts.put(root.relativize(file).toString().replace('\\', '/'), text.get());
        }
        return texts;
    }

    /** The text of one file, if it is readable UTF-8 under 5 MB. */
    public static Optional<String> text(Path file) throws IOException {
        return read(file);
    }

    private static List<Path> documents(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> isVisible(root.relativize(file)))
                    .filter(TextFiles::isDocument)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isVisible(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) return false;
        }
        return true;
    }

    private static boolean isDocument(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static Optional<String> read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            LOG.warning("skipped " + file.getFileName() + ": larger than 5 MB");
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file));
        } catch (CharacterCodingException e) {
            LOG.warning("skipped " + file.getFileName() + ": not UTF-8 text");
            return Optional.empty();
        }
    }
}
