package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document loader node ({@code plainText}, {@code textFile}, {@code folderFiles}, ...): its
 * documents, read (and split, when it has a text splitter) when asked, so an upsert sees the files
 * as they are then. Its inputs are checked when the flow loads.
 *
 * <p>Threading: thread-safe; {@link #documents} blocks on files.
 */
public interface DocumentLoader {

    /**
     * @param overrideConfig replaces the loader's inputs of the same name (its file, folder or text)
     * @throws FlowLoadException naming the node when an input (or an override) is not valid
     */
    List<SourceDocument> documents(Map<String, Object> overrideConfig);

    /**
     * The inputs that name the loader's files ({@code txtFile}, {@code pdfFile}, ...): where the
     * upsert API puts the files it is sent, by their kind. None for a loader that reads no files.
     */
    default Set<String> fileInputs() {
        return Set.of();
    }
}
