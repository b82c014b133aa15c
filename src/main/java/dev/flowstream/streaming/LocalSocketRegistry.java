package dev.flowstream.streaming;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The single-node registry: a concurrent map. Thread-safe, lock-free reads.
 */
public final class LocalSocketRegistry implements SocketRegistry {

    private final ConcurrentMap<String, LiveSocket> sockets = new ConcurrentHashMap<>();

    @Override
    public Optional<LiveSocket> find(String socketId) {
        return socketId == null ? Optional.empty() : Optional.ofNullable(sockets.get(socketId));
    }

    @Override
    public void add(LiveSocket socket) {
        sockets.put(socket.id(), socket);
    }

    @Override
    public void remove(LiveSocket socket) {
        // By identity: a reconnecting client may already have registered a new socket under the same id.
        sockets.computeIfPresent(socket.id(), (id, current) -> current == socket ? null : current);
    }

    @Override
    public int size() {
        return sockets.size();
    }
}
