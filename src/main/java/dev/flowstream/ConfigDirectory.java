package dev.flowstream;

import dev.flowstream.config.Settings;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds the configuration directory: the configured one, else the sample bundled in the WAR at
 * {@code WEB-INF/server-config} (copied out to a temporary directory when the container does not
 * unpack WARs). Stateless.
 */
final class ConfigDirectory {

    static final String BUNDLED = "/WEB-INF/server-config";

    private ConfigDirectory() {
    }

    static Path resolve(Settings settings, ServletContext context) {
        if (settings.configDir().isPresent()) return settings.configDir().get().toAbsolutePath();
        String real = context.getRealPath(BUNDLED);
        if (real != null && Files.isDirectory(Path.of(real))) return Path.of(real);
        try {
            Path copy = Files.createTempDirectory("flowstream-config");
            copyResources(context, BUNDLED + "/", copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the bundled configuration", e);
        }
    }

    private static void copyResources(ServletContext context, String folder, Path target) throws IOException {
        var paths = context.getResourcePaths(folder);
        if (paths == null) return;
        for (String path : paths) {
            Path destination = target.resolve(path.substring(folder.length()));
            if (path.endsWith("/")) {
                Files.createDirectories(destination);
                copyResources(context, path, destination);
            } else {
                try (InputStream in = context.getResourceAsStream(path)) {
                    if (in != null) Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
