package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Flowise file loader ({@code pdfFile}, {@code csvFile}, ...) as a {@link DocumentLoader}: its
 * {@link FileKind} reads the documents of the files its inputs name, then {@link LoaderOutput}
 * splits them and sets their metadata. The files are read once when the flow loads, so a bad file
 * fails the load rather than a later upsert, and again for each upsert, whose overrides (the files
 * it uploads) replace the node's inputs.
 *
 * <p>Threading: immutable; {@link #documents} may run on several threads at once.
 */
final class FileDocumentLoader implements DocumentLoader {

    /** Reads the documents of the files a node's inputs name (the node as overridden), before splitting. */
    @FunctionalInterface
    interface Reader {
        List<SourceDocument> read(ExportNode node, Path configDir);
    }

    /**
     * One kind of file loader.
     *
     * @param fileInputs  the inputs that name its files, where an upsert's uploads go
     * @param overridable the inputs an upsert may replace, the file inputs among them
     */
    record FileKind(Set<String> fileInputs, Set<String> overridable, Reader reader, MetadataRule rule) {
        FileKind {
            fileInputs = Set.copyOf(fileInputs);
            overridable = Set.copyOf(overridable);
        }
    }

    private final ExportNode node;
    private final Optional<TextSplitter> splitter;
    private final Path configDir;
    private final FileKind kind;

    private FileDocumentLoader(ExportNode node, Optional<TextSplitter> splitter, Path configDir, FileKind kind) {
        this.node = node;
        this.splitter = splitter;
        this.configDir = configDir;
        this.kind = kind;
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring, FileKind kind) {
        Optional<TextSplitter> splitter = wiring.optional(node, "textSplitter", Role.TEXT_SPLITTER);
        FileDocumentLoader loader = new FileDocumentLoader(node, splitter, wiring.runtime().configDir(), kind);
        loader.documents(node);
        return loader;
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        return documents(Overrides.apply(node, overrideConfig, kind.overridable()).orElse(node));
    }

    @Override
    public Set<String> fileInputs() {
        return kind.fileInputs();
    }

    private List<SourceDocument> documents(ExportNode current) {
        return LoaderOutput.finish(current, kind.reader().read(current, configDir), splitter, kind.rule());
    }
}
