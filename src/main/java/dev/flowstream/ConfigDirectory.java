package dev.flowstream;

import dev.flowstream.config.Settings;
import dev.flowstream.platform.ShutdownClasses;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The configuration directory of one deployment: the configured one ({@code flowstream.config}),
 * else the sample bundled in the WAR at {@code WEB-INF/server-config}. A container that does not
 * unpack WARs gets a temporary copy of the sample, and a host webapp that embeds Flowstream without
 * configuring it an empty temporary directory (no chatflows); {@link #close} deletes either.
 *
 * <p>Threading: resolved and closed on the container's deployment thread.
 */
final class ConfigDirectory implements AutoCloseable {

    static final String BUNDLED = "/WEB-INF/server-config";
    private static final Logger LOG = Logger.getLogger(ConfigDirectory.class.getName());

    private final Path path;
    private final boolean temporary;

    private ConfigDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
        if (temporary) ShutdownClasses.loadNow(Deletion.class);
    }

    static ConfigDirectory resolve(Settings settings, ServletContext context) {
        if (settings.configDir().isPresent()) return new ConfigDirectory(settings.configDir().get().toAbsolutePath(), false);
        String real = context.getRealPath(BUNDLED);
        if (real != null && Files.isDirectory(Path.of(real))) return new ConfigDirectory(Path.of(real), false);
        try {
            Path copy = Files.createTempDirectory("flowstream-config");
            Set<String> bundled = context.getResourcePaths(BUNDLED + "/");
            if (bundled == null) {
                LOG.warning("no chatflows: set flowstream.config (context parameter, system property or FLOWSTREAM_CONFIG)"
                        + " to the directory that holds chatflows/");
                Files.createDirectories(copy.resolve("chatflows"));
            } else {
                copyResources(context, BUNDLED + "/", copy);
            }
            return new ConfigDirectory(copy, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the bundled configuration", e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the directory if this deployment made it; a configured or unpacked one is left alone. */
    @Override
    public void close() {
        if (!temporary) return;
        try {
            Files.walkFileTree(path, new Deletion());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete the temporary config directory " + path, e);
        }
    }

    private static final class Deletion extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
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
