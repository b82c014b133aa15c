package dev.flowstream.socketio;

import dev.flowstream.streaming.LiveSocket;
import dev.flowstream.streaming.Outbox;
import dev.flowstream.streaming.StreamEvent;
import io.socket.socketio.server.SocketIoSocket;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connected socket.io client. Events go through an {@link Outbox}, so the model thread that
 * delivers them never touches the library; the library is called by one writer at a time.
 *
 * <p>Threading: {@link #deliver} and {@link #flushed} are safe from any thread and never block.
 */
final class SocketIoLiveSocket implements LiveSocket {

    private static final Logger LOG = Logger.getLogger(SocketIoLiveSocket.class.getName());

    private final SocketIoSocket socket;
    private final Outbox<StreamEvent> outbox;
    private final Supplier<CompletionStage<Void>> transportDrained;

    SocketIoLiveSocket(SocketIoSocket socket, Executor writers, long maxBacklogBytes,
                       Supplier<CompletionStage<Void>> transportDrained) {
        this.socket = socket;
        this.transportDrained = transportDrained;
        this.outbox = new Outbox<>(writers, maxBacklogBytes, StreamEvent::sizeHint, this::write,
                this::dropSlowPeer);
    }

    @Override
    public String id() {
        return socket.getId();
    }

    @Override
    public void deliver(StreamEvent event) {
        outbox.offer(event);
    }

    @Override
    public CompletionStage<Void> flushed() {
        // Our queue first, then the websocket's: the frames have left for the client when this completes.
        return outbox.drained().thenCompose(ignored -> transportDrained.get());
    }

    void close() {
        outbox.close();
    }

    private void write(StreamEvent event, Runnable done) {
        try {
            socket.send(event.name(), EventPayloads.args(event));
        } catch (RuntimeException e) {
            // The library can fail on a connection closing under it; the client is gone either way.
            LOG.log(Level.FINE, "send to a closing socket failed", e);
        } finally {
            done.run();
        }
    }

    private void dropSlowPeer() {
        LOG.fine("socket fell too far behind; disconnecting it");
        try {
            socket.disconnect(true);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "disconnect of a slow socket failed", e);
        }
    }
}
