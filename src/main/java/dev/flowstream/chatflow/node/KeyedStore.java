package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;

import java.util.List;

/**
 * A vector store that keeps documents under ids an upsert gives and deletes by id: what a record
 * manager needs ({@link Indexing}). A store that is not one refuses a {@code recordManager} at load.
 *
 * <p>Threading: called by one upsert at a time for a node; blocks on the embeddings provider and the store.
 */
public interface KeyedStore {

    /** The store's own name within its server (table, collection, index): part of the record namespace. */
    String storeName();

    /** Embeds {@code documents} and stores each under its id, replacing what that id held. */
    void add(List<SourceDocument> documents, List<String> ids);

    /** Removes the documents of these ids; ids it does not hold are ignored. */
    void delete(List<String> ids);
}
