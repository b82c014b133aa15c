package dev.flowstream.streaming;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSocketRegistryTest {

    private record Fake(String id) implements LiveSocket {
        @Override public void deliver(StreamEvent event) { }
        @Override public CompletionStage<Void> flushed() { return CompletableFuture.completedFuture(null); }
    }

    private final LocalSocketRegistry registry = new LocalSocketRegistry();

    @Test
    void a_registered_socket_is_found_by_its_id() {
        Fake socket = new Fake("abc");
        registry.add(socket);
        assertSame(socket, registry.find("abc").orElseThrow());
        assertTrue(registry.find("other").isEmpty());
        assertTrue(registry.find(null).isEmpty());
    }

    @Test
    void removing_a_socket_empties_the_registry() {
        Fake socket = new Fake("abc");
        registry.add(socket);
        registry.remove(socket);
        assertTrue(registry.find("abc").isEmpty());
        assertEquals(0, registry.size());
    }

    @Test
    void a_stale_remove_does_not_evict_a_newer_socket_with_the_same_id() {
        Fake old = new Fake("abc");
        Fake current = new Fake("abc");
        registry.add(old);
        registry.add(current);
        registry.remove(old);
        assertSame(current, registry.find("abc").orElseThrow());
    }
}
