package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.node.FlowLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Brings a catalog in line with its chatflows directory: each {@link #reload} reads the exports
 * that were added or changed since the last one (by modification time and size, then by content
 * hash) and drops those that were removed. An export that fails to load is reported in
 * {@link CatalogSnapshot#failures()} while the flow's last good version, if any, stays served;
 * it is tried again as soon as the file changes, so a half-written save is not a lasting failure.
 *
 * <p>Threading: not thread-safe; the catalog calls it from one thread at a time.
 */
final class ChatflowReloader {

    private static final Logger LOG = Logger.getLogger(ChatflowReloader.class.getName());
    private static final String UNREADABLE = "unreadable";

    /** The snapshot to serve next, and the versions it no longer serves (to retire once it is). */
    record Outcome(CatalogSnapshot next, List<ChatflowVersion> replaced) {
        Outcome {
            replaced = List.copyOf(replaced);
        }
    }

    private final Path dir;
    private final ChatflowLoader loader;
    private final Function<String, Optional<Chatflow>> served;
    private final Map<String, ExportRead> reads = new HashMap<>();
    private boolean missingReported;

    /** @param served what the catalog serves now under an id (see {@link ChatflowVersion}) */
    ChatflowReloader(Path dir, ChatflowLoader loader, Function<String, Optional<Chatflow>> served) {
        this.dir = dir;
        this.loader = loader;
        this.served = served;
    }

    Outcome reload(CatalogSnapshot current) {
        Optional<Map<String, Path>> listed = exports();
        if (listed.isEmpty()) return new Outcome(current, List.of());
        Map<String, Path> exports = listed.get();
        Draft draft = new Draft(current);
        for (String id : List.copyOf(reads.keySet())) {
            if (!exports.containsKey(id)) draft.remove(id);
        }
        exports.forEach((id, file) -> check(id, file, draft));
        return draft.outcome(current);
    }

    /** The exports by id; empty if the directory cannot be listed now (nothing is dropped then). */
    private Optional<Map<String, Path>> exports() {
        if (!Files.isDirectory(dir)) {
            if (!missingReported) LOG.warning("no chatflows directory at " + dir + "; serving no chatflows");
            missingReported = true;
            return Optional.of(Map.of());
        }
        missingReported = false;
        try {
            return Optional.of(ChatflowLoader.exports(dir));
        } catch (IOException e) {
            LOG.warning("cannot list " + dir + " (" + e + "); keeping the chatflows as they are");
            return Optional.empty();
        }
    }

    private void check(String id, Path file, Draft draft) {
        long now = System.currentTimeMillis();
        Optional<ExportRead.Stamp> stamp = ExportRead.Stamp.of(file);
        Optional<ExportRead> last = Optional.ofNullable(reads.get(id));
        if (stamp.isEmpty() || last.filter(read -> read.unchanged(stamp.get())).isPresent()) return;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return; // removed since the listing: the next reload drops it
        } catch (IOException e) {
            reads.put(id, new ExportRead(stamp.get(), UNREADABLE, now));
            if (!last.map(ExportRead::sha256).orElse("").equals(UNREADABLE)) {
                draft.reject(id, "the export cannot be read: " + e.getMessage());
            }
            return;
        }
        String sha256 = ExportRead.sha256(bytes);
        reads.put(id, new ExportRead(stamp.get(), sha256, now));
        if (!last.map(ExportRead::sha256).orElse("").equals(sha256)) load(id, bytes, draft);
    }

    private void load(String id, byte[] bytes, Draft draft) {
        try {
            draft.serve(new ChatflowVersion(loader.load(id, bytes), served));
        } catch (FlowLoadException e) {
            draft.reject(id, e.getMessage());
        }
    }

    /** The next snapshot while it is being worked out. */
    private final class Draft {

        private final SortedMap<String, ChatflowVersion> flows;
        private final Map<String, String> failures;
        private final List<ChatflowVersion> replaced = new ArrayList<>();
        private boolean changed;

        Draft(CatalogSnapshot current) {
            flows = new TreeMap<>(current.flows());
            failures = new HashMap<>(current.failures());
        }

        void serve(ChatflowVersion version) {
            changed = true;
            failures.remove(version.id());
            Optional<ChatflowVersion> previous = Optional.ofNullable(flows.put(version.id(), version));
            previous.ifPresent(replaced::add);
            LOG.info("chatflow " + version.id() + (previous.isPresent() ? " updated" : " added"));
        }

        void reject(String id, String reason) {
            changed = true;
            failures.put(id, reason);
            LOG.warning(flows.containsKey(id)
                    ? "chatflow " + id + ": edit rejected, still serving the last good version: " + reason
                    : "chatflow " + id + " not loaded: " + reason);
        }

        void remove(String id) {
            changed = true;
            reads.remove(id);
            failures.remove(id);
            Optional<ChatflowVersion> removed = Optional.ofNullable(flows.remove(id));
            removed.ifPresent(replaced::add);
            LOG.info("chatflow " + id + " removed");
        }

        Outcome outcome(CatalogSnapshot current) {
            if (!changed) return new Outcome(current, List.of());
            return new Outcome(new CatalogSnapshot(flows, failures), replaced);
        }
    }
}
