package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;

import java.util.List;

/**
 * A document loader node ({@code plainText}, {@code textFile}, {@code folderFiles}): its documents,
 * read (and split, when it has a text splitter) while the flow loads.
 *
 * <p>Threading: immutable after load.
 */
public interface DocumentLoader {

    List<SourceDocument> documents();
}
