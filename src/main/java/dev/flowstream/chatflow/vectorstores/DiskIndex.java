package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The {@link VectorIndex} a local store keeps in its folder ({@link VectorFile}): written whole by
 * an upsert, read when its file changed since it was last read (another version of the flow
 * upserted), otherwise served from memory. Failures name the store's node.
 *
 * <p>Threading: {@link #read} is safe concurrently; callers serialise {@link #replace}.
 */
final class DiskIndex {

    private record Loaded(VectorIndex index, Optional<FileTime> modified) {
    }

    private final ExportNode node;
    private final Path directory;
    private volatile Loaded loaded;

    DiskIndex(ExportNode node, Path directory) {
        this.node = node;
        this.directory = directory;
    }

    /** The stored index, read again when the file changed since; empty before any upsert. */
    VectorIndex read() {
        Optional<FileTime> modified = modified();
        Loaded current = loaded;
        if (current != null && current.modified().equals(modified)) return current.index();
        try {
            VectorIndex index = VectorFile.read(directory);
            loaded = new Loaded(index, modified);
            return index;
        } catch (IOException e) {
            throw failure("could not read its store: " + e.getMessage(), e);
        }
    }

    /** Writes {@code index} in place of the stored one. */
    void replace(VectorIndex index) {
        try {
            VectorFile.write(directory, index);
            loaded = new Loaded(index, modified());
        } catch (IOException e) {
            throw failure("could not write its store: " + e.getMessage(), e);
        }
    }

    private ChatflowException failure(String problem, IOException cause) {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id() + " (" + node.name() + ") "
                + problem, cause);
    }

    private Optional<FileTime> modified() {
        try {
            return Optional.of(Files.getLastModifiedTime(directory.resolve(VectorFile.NAME)));
        } catch (IOException none) {
            return Optional.empty();
        }
    }
}
