package dev.flowstream.chatflow;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The flows of a config directory as read at one moment: what loaded, by id, and what failed, by
 * id with the reason. A reload builds a new snapshot and swaps it in whole. Immutable.
 */
record CatalogSnapshot(SortedMap<String, LoadedChatflow> flows, Map<String, String> failures) {

    static final CatalogSnapshot EMPTY = new CatalogSnapshot(new TreeMap<>(), Map.of());

    CatalogSnapshot {
        flows = Collections.unmodifiableSortedMap(new TreeMap<>(flows));
        failures = Map.copyOf(failures);
    }

    List<Chatflow> all() {
        return List.copyOf(flows.values());
    }

    /** Releases what the flows hold; call once no request can reach them any more. */
    void close() {
        flows.values().forEach(LoadedChatflow::close);
    }
}
