package dev.flowstream.config;

import java.time.Duration;

/**
 * Bounds of conversation memory kept in the heap. Immutable.
 *
 * @param maxSessions conversations one memory node keeps; past it the least recently used goes
 * @param idleTtl     a conversation unused this long is forgotten
 */
public record MemorySettings(int maxSessions, Duration idleTtl) {

    static MemorySettings from(SettingSource s) {
        return new MemorySettings(
                s.atLeast("flowstream.memory.max.sessions", 10_000, 1),
                s.millis("flowstream.memory.idle.ttl.ms", 3_600_000, 1));
    }
}
