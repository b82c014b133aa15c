package dev.flowstream.chatflow;

import java.util.List;
import java.util.Optional;

/**
 * The chatflows this server serves, by id (the export's file name without {@code .json}).
 *
 * <p>Threading: safe to read from any thread.
 */
public interface ChatflowCatalog {

    Optional<Chatflow> find(String id);

    /** Every flow that loaded, sorted by id. */
    List<Chatflow> all();

    /** Flows that failed to load, by id, with the reason (names the node and its type). */
    java.util.Map<String, String> failures();
}
