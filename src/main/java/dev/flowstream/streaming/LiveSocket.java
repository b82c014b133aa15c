package dev.flowstream.streaming;

import java.util.concurrent.CompletionStage;

/**
 * A connected client socket that events can be delivered to.
 *
 * <p>Threading: {@link #deliver} may be called from any thread and never blocks; events delivered by
 * one thread (or by callers that are ordered among themselves) reach the client in that order. A
 * socket that has closed drops what it is given.
 */
public interface LiveSocket {

    /** The socket.io id the client knows as {@code socket.id}. */
    String id();

    /** Queues the event for this client; returns at once. */
    void deliver(StreamEvent event);

    /** Completes once everything delivered before this call has been handed to the transport. */
    CompletionStage<Void> flushed();
}
