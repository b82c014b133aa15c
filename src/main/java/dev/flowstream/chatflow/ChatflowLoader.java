package dev.flowstream.chatflow;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Reads every {@code *.json} export of a chatflows directory into a {@link CatalogSnapshot}. A
 * flow that fails is logged and recorded; the others still load.
 *
 * <p>Threading: stateless apart from the shared runtime; one load at a time per catalog.
 */
final class ChatflowLoader {

    private static final Logger LOG = Logger.getLogger(ChatflowLoader.class.getName());
    private static final String SUFFIX = ".json";

    private final FlowRuntime runtime;

    ChatflowLoader(FlowRuntime runtime) {
        this.runtime = runtime;
    }

    CatalogSnapshot load(Path chatflowsDir) {
        if (!Files.isDirectory(chatflowsDir)) {
            LOG.warning("no chatflows directory at " + chatflowsDir + "; serving no chatflows");
            return CatalogSnapshot.EMPTY;
        }
        SortedMap<String, LoadedChatflow> flows = new TreeMap<>();
        Map<String, String> failures = new HashMap<>();
        for (Path file : exports(chatflowsDir)) {
            String id = idOf(file);
            try {
                flows.put(id, loadOne(id, file));
            } catch (FlowLoadException e) {
                LOG.warning("chatflow " + id + " not loaded: " + e.getMessage());
                failures.put(id, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "chatflow " + id + " not loaded", e);
                failures.put(id, "the flow could not be loaded (" + e.getClass().getSimpleName() + ")");
            }
        }
        LOG.info("loaded " + flows.size() + " chatflow(s) from " + chatflowsDir
                + (failures.isEmpty() ? "" : "; " + failures.size() + " failed"));
        return new CatalogSnapshot(flows, failures);
    }

    private LoadedChatflow loadOne(String id, Path file) {
        FlowiseExport export = FlowiseExport.parse(read(file));
        FlowEnd end = new FlowAssembler(export, runtime).assemble();
        return new LoadedChatflow(id, export.name().orElse(id), end);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new FlowLoadException("the export is not UTF-8 text");
        } catch (IOException e) {
            throw new FlowLoadException("the export cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Path> exports(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.warning("cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }
}
