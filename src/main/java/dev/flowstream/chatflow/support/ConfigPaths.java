package dev.flowstream.chatflow.support;

import dev.flowstream.chatflow.node.ExportNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a path a node's input names against the config directory, refusing any that leaves it
 * ({@code ..}, an absolute path, or a symbolic link pointing out), so an export cannot make the
 * server read arbitrary files. Stateless and thread-safe.
 */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /** The existing file or directory {@code relative} names inside {@code configDir}; else a load failure. */
    public static Path inside(ExportNode node, String input, Path configDir, String relative, boolean directory) {
        Path resolved = configDir.resolve(relative.trim()).normalize();
        String outside = "input " + input + " must name a path inside the config directory, not " + relative.trim();
        if (!resolved.startsWith(configDir)) throw node.failure(outside);
        boolean exists = directory ? Files.isDirectory(resolved) : Files.isRegularFile(resolved);
        if (!exists) {
            throw node.failure("input " + input + ": no " + (directory ? "directory " : "file ") + relative.trim()
                    + " in the config directory");
        }
        try {
            if (!resolved.toRealPath().startsWith(configDir.toRealPath())) throw node.failure(outside);
        } catch (IOException e) {
            throw node.failure("input " + input + ": cannot read " + relative.trim());
        }
        return resolved;
    }
}
