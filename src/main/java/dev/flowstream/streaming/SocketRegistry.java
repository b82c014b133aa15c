package dev.flowstream.streaming;

import java.util.Optional;

/**
 * The live sockets of this node by socket.io id: filled on connect, emptied on disconnect, read
 * by predictions on any thread. This interface is the seam for delivery across several nodes.
 *
 * <p>Threading: every method is safe to call from any thread.
 */
public interface SocketRegistry {

    Optional<LiveSocket> find(String socketId);

    void add(LiveSocket socket);

    /** Removes the socket, but only if it is still the one registered under its id. */
    void remove(LiveSocket socket);

    int size();
}
