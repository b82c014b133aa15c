package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;

import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Where a local vector store keeps its files: its {@code basePath}, a folder inside the config
 * directory; by default {@code <config>/vectorstores/<flow id>/<node id>}. Flowise's templates
 * name a folder of the machine they were made on ({@code C:\Users\your-folder}): a path outside
 * the config directory is not written to, the default is used instead and the log says so.
 * Stateless.
 */
final class StoreDirectory {

    private static final Logger LOG = Logger.getLogger(StoreDirectory.class.getName());
    private static final Pattern FOREIGN_ABSOLUTE = Pattern.compile("^([A-Za-z]:[\\\\/]|[\\\\/]).*");

    private StoreDirectory() {
    }

    static Path of(ExportNode node, Wiring wiring) {
        Path config = wiring.runtime().configDir();
        Path fallback = config.resolve("vectorstores").resolve(wiring.flowId()).resolve(node.id()).normalize();
        Optional<String> basePath = node.inputs().text("basePath").map(String::trim);
        if (basePath.isEmpty()) return fallback;
        if (FOREIGN_ABSOLUTE.matcher(basePath.get()).matches()) {
            Path absolute = Path.of(basePath.get()).normalize();
            if (absolute.isAbsolute() && absolute.startsWith(config)) return absolute;
            LOG.warning(() -> "node " + node.id() + " of flow " + wiring.flowId() + ": basePath " + basePath.get()
                    + " is outside the config directory; the store is kept in " + config.relativize(fallback));
            return fallback;
        }
        Path resolved = config.resolve(basePath.get()).normalize();
        if (!resolved.startsWith(config)) {
            throw node.failure("input basePath must name a folder inside the config directory, not " + basePath.get());
        }
        return resolved;
    }
}
