package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.graph.AssembledFlow;
import dev.flowstream.chatflow.graph.NodeRegistry;
import dev.flowstream.chatflow.ChatflowCatalog;
import dev.flowstream.chatflow.graph.FlowAssembler;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.graph.FlowiseExport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Turns the {@code *.json} exports of a chatflows directory into flows: lists them by id and
 * assembles one from the bytes of its file. Every way a flow can fail to load becomes a
 * {@link FlowLoadException} whose message is the reason {@link ChatflowCatalog#failures()} shows.
 *
 * <p>Threading: stateless apart from the shared runtime; safe to call from any thread.
 */
final class ChatflowLoader {

    private static final Logger LOG = Logger.getLogger(ChatflowLoader.class.getName());
    private static final String SUFFIX = ".json";

    private final FlowRuntime runtime;

    ChatflowLoader(FlowRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Assembles the flow {@code id} from its export.
     *
     * @throws FlowLoadException naming what is wrong with the export (never quoting it)
     */
    LoadedChatflow load(String id, byte[] export) {
        try {
            FlowiseExport parsed = FlowiseExport.parse(text(export));
            AssembledFlow flow = new FlowAssembler(id, parsed, runtime, NodeRegistry.flowstream()).assemble();
            return new LoadedChatflow(id, parsed.name().orElse(id), flow, runtime.workers());
        } catch (FlowLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chatflow " + id + " could not be assembled", e);
            throw new FlowLoadException("the flow could not be loaded (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The exports of {@code dir} by id, sorted; hidden files (an editor's swap files) are skipped. */
    static Map<String, Path> exports(Path dir) throws IOException {
        Map<String, Path> exports = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .forEach(file -> exports.put(idOf(file), file));
        }
        return exports;
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    private static String text(byte[] export) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(export))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FlowLoadException("the export is not UTF-8 text");
        }
    }
}
