package dev.flowstream.chatflow.node;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a vector store's {@code recordManager} input gives: a table of the documents an upsert wrote,
 * keyed by each document's hash ({@link Indexing}), so a repeated upsert skips what is already
 * stored and can delete what went stale. The operations are LangChain's {@code RecordManagerInterface},
 * each given the namespace of one store ({@link Indexing#namespace}); times are seconds since the epoch
 * as the database's clock tells them, so two servers' clocks never mix.
 *
 * <p>Threading: thread-safe; every call blocks on the database and fails with a
 * {@link dev.flowstream.chatflow.ChatflowException} naming the node.
 */
public interface RecordManager {

    /** What an upsert deletes: Flowise's {@code cleanup} input. */
    enum Cleanup {
        /** Nothing. */
        NONE,
        /** Documents recorded earlier for a source this upsert saw, not seen again. */
        INCREMENTAL,
        /** Every recorded document this upsert did not see. */
        FULL
    }

    Cleanup cleanup();

    /** The metadata key naming a document's source ({@code sourceIdKey}, default {@code source}). */
    String sourceIdKey();

    /** The node's own namespace: its {@code namespace} input, else the flow's id. */
    String namespace();

    /** Creates the table when missing. */
    void createSchema();

    /** The database's time now. */
    double time();

    /** For each key, whether it is recorded in {@code namespace}. */
    List<Boolean> exists(String namespace, List<String> keys);

    /**
     * Records {@code keys} as written now (a key recorded before keeps its group).
     *
     * @param groups each key's source, when it has one
     * @param docIds each key's {@code docId} metadata (Flowise's document store), when it has one
     * @param timeAtLeast the time the upsert started; a database clock behind it fails the call
     */
    void update(String namespace, List<String> keys, List<Optional<String>> groups, List<Optional<String>> docIds,
                double timeAtLeast);

    /** Keys written before {@code before}, in {@code groups} when given, at most {@code limit} when given. */
    List<String> listKeys(String namespace, double before, Optional<List<String>> groups, OptionalInt limit);

    void deleteKeys(String namespace, List<String> keys);

    /** How many keys {@code namespace} holds. */
    int countKeys(String namespace);
}
