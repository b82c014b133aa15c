package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.UpsertResult;

import java.util.Map;

/**
 * A vector store node the upsert API runs: its document loaders read their documents now, and it
 * embeds and keeps them. Flowise's own stores start over on each upsert (they are created from the
 * documents); so do Flowstream's. A store with a {@link RecordManager} skips what it already holds
 * ({@link Indexing}).
 *
 * <p>Threading: called on a worker thread, never concurrently with itself for one node; it blocks
 * on files and on the embeddings provider.
 */
public interface Upserter {

    /**
     * @param overrideConfig replaces loader inputs of the same name (a file, a folder) for this upsert
     * @throws dev.flowstream.chatflow.ChatflowException naming the node when reading or embedding fails
     * @throws FlowLoadException when an override makes a loader invalid
     */
    UpsertResult upsert(Map<String, Object> overrideConfig);
}
