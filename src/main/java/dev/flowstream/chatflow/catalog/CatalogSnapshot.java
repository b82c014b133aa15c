package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.Chatflow;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The flows a catalog serves at one moment: what is served, by id, and what failed, by id with
 * the reason. A flow may be in both: its last good version is served while its file's current
 * content is rejected. A reload builds a new snapshot and swaps it in whole. Immutable.
 */
record CatalogSnapshot(SortedMap<String, ChatflowVersion> flows, Map<String, String> failures) {

    static final CatalogSnapshot EMPTY = new CatalogSnapshot(new TreeMap<>(), Map.of());

    CatalogSnapshot {
        flows = Collections.unmodifiableSortedMap(new TreeMap<>(flows));
        failures = Map.copyOf(failures);
    }

    List<Chatflow> all() {
        return List.copyOf(flows.values());
    }

    /** Retires every flow: each is released once the runs still using it are done. */
    void retire() {
        flows.values().forEach(ChatflowVersion::retire);
    }
}
