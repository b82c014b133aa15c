package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A document loader node ({@code plainText}, {@code textFile}, {@code folderFiles}, ...): its
 * documents, read (and split, when it has a text splitter) when asked, so an upsert sees the files
 * as they are then. Its inputs are checked when the flow loads. As a {@link TextOutput} (Flowise's
 * Text output, for a prompt's {@code promptValues}) it is its documents' text, each followed by a
 * line break, read for each request.
 *
 * <p>Threading: thread-safe; {@link #documents} blocks on files.
 */
public interface DocumentLoader extends TextOutput {

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

    /** The documents for the request's overrides, each followed by a line break, read on the calling thread. */
    @Override
    default CompletionStage<String> text(FlowRequest request) {
        try {
            return CompletableFuture.completedFuture(documents(request.overrideConfig()).stream()
                    .map(document -> document.pageContent() + "\n").collect(Collectors.joining()));
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        } catch (FlowLoadException e) {
            return CompletableFuture.failedFuture(new ChatflowException(ChatflowException.Kind.CHAIN, e.getMessage()));
        }
    }
}
