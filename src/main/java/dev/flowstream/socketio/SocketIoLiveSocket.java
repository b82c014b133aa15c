package dev.flowstream.socketio;

import dev.flowstream.streaming.LiveSocket;
import dev.flowstream.streaming.Outbox;
import dev.flowstream.streaming.StreamEvent;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.SocketIoSocket;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connected socket.io client. Events go through an {@link Outbox}, so the model thread that
 * delivers them never touches the library; the library is called by one writer at a time.
 *
 * <p>On websocket the connection's frame queue judges whether the client keeps up. On polling,
 * engine.io keeps what the client has not fetched yet in a buffer of its own, which nothing else
 * bounds (any packet the client posts keeps the session alive), so the bytes sent since a poll
 * last took that buffer are counted here until the client upgrades. A polling client fetches a
 * whole round trip's worth at once, so it gets the writers' lag allowance on top of the bound.
 *
 * <p>Threading: {@link #deliver} and {@link #flushed} are safe from any thread and never block.
 */
final class SocketIoLiveSocket implements LiveSocket {

    private static final Logger LOG = Logger.getLogger(SocketIoLiveSocket.class.getName());

    private final SocketIoSocket socket;
    private final Outbox<StreamEvent> outbox;
    private final Supplier<CompletionStage<Void>> transportDrained;
    private final long maxBacklogBytes;
    /** Bytes handed to engine.io since a poll last took its buffer; only counted while polling. */
    private final AtomicLong unpolled = new AtomicLong();
    private volatile boolean polling;

    SocketIoLiveSocket(SocketIoSocket socket, Executor writers, long maxBacklogBytes,
                       Supplier<CompletionStage<Void>> transportDrained) {
        this.socket = socket;
        this.transportDrained = transportDrained;
        this.maxBacklogBytes = maxBacklogBytes;
        this.outbox = new Outbox<>(writers, maxBacklogBytes, StreamEvent::sizeHint, this::write,
                this::dropSlowPeer);
        watchPolls(socket.getClient().getConnection());
    }

    private void watchPolls(EngineIoSocket connection) {
        if (!"polling".equals(connection.getInitialQuery().get("transport"))) return;
        polling = true;
        EngineIoSocket.SocketedListener polled = (ignored, buffer) -> unpolled.set(0);
        connection.on("flush", polled);
        connection.on("upgrade", (ignored, transport) -> {
            polling = false;
            connection.off("flush", polled);
        });
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
            if (polling && notPolledFor(event.sizeHint())) {
                outbox.close();
                dropSlowPeer();
                return;
            }
            socket.send(event.name(), EventPayloads.args(event));
        } catch (RuntimeException e) {
            // The library can fail on a connection closing under it; the client is gone either way.
            LOG.log(Level.FINE, "send to a closing socket failed", e);
        } finally {
            done.run();
        }
    }

    /** Whether the client, not having polled, would be too far behind with these bytes too. */
    private boolean notPolledFor(long size) {
        long before = unpolled.getAndAdd(size);
        // a lone event larger than the bound still goes
        return before > 0 && before + size > maxBacklogBytes + Outbox.LAG_ALLOWANCE_BYTES;
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
