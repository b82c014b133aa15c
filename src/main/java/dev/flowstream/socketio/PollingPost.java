package dev.flowstream.socketio;

import dev.flowstream.http.AsyncBodies;
import dev.flowstream.http.ErrorResponses;
import dev.flowstream.http.HttpException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A polling POST: packets from the client. The body is read without holding a container thread
 * (a client that trickles it costs a connection, not a worker), at most {@code maxPayload} bytes
 * within the body timeout. Its packets are checked before the library sees them: the valid ones
 * before the first invalid packet are handled, then the session is closed and the client gets a
 * 400, as the reference server does; a body the library fails on closes its session with a 400
 * too.
 *
 * <p>Threading: {@link #start} on a container thread; the rest on our HTTP threads, where the
 * library handles the packets and writes its short answer.
 */
final class PollingPost {

    private static final Logger LOG = Logger.getLogger(PollingPost.class.getName());

    private final SocketIoRuntime runtime;
    private final AsyncBodies bodies;

    PollingPost(SocketIoRuntime runtime, AsyncBodies bodies) {
        this.runtime = runtime;
        this.bodies = bodies;
    }

    void start(HttpServletRequest request, EngineIoRequest eio) {
        int maxPayload = runtime.settings().socketIo().maxPayload();
        if (request.getContentLengthLong() > maxPayload) throw tooLarge(maxPayload);
        AsyncContext async = request.startAsync();
        bodies.read(async, maxPayload).whenComplete((body, failure) -> finish(async, eio, body, failure, maxPayload));
    }

    private void finish(AsyncContext async, EngineIoRequest eio, byte[] body, Throwable failure, int maxPayload) {
        HttpServletRequest request = (HttpServletRequest) async.getRequest();
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            if (failure != null) {
                answer(() -> ErrorResponses.write(response, reworded(failure, maxPayload)));
            } else {
                deliver(request, response, eio, body);
            }
        } catch (Refusal refused) {
            answer(() -> refused.write(response));
        } catch (LibraryFailure | IOException e) {
            LOG.log(Level.FINE, "engine.io failed on a polling body", e);
            closeSession(request, response, eio);
            answer(() -> Refusal.protocol(Refusal.Protocol.BAD_REQUEST).write(response));
        } catch (RuntimeException e) {
            answer(() -> ErrorResponses.write(response, e));
        } finally {
            async.complete();
        }
    }

    /** A body the reader refused as too large names engine.io's limit; other refusals pass as they are. */
    private static Throwable reworded(Throwable refused, int maxPayload) {
        return refused instanceof HttpException http && http.status() == 413 ? tooLarge(maxPayload) : refused;
    }

    private static HttpException tooLarge(long limit) {
        return new HttpException(413, "body exceeds maxPayload of " + limit + " bytes");
    }

    private void deliver(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio, byte[] body)
            throws IOException {
        if (eio.protocol() == 3) {
            runtime.handlePolling(new PollingBodies.Buffered(request, eio, body), response, eio.sid());
            return;
        }
        EnginePackets.Payload payload = EnginePackets.payloadV4(new String(body, StandardCharsets.UTF_8));
        if (!payload.rejected()) {
            runtime.handlePolling(new PollingBodies.Buffered(request, eio, body), response, eio.sid());
            return;
        }
        // the library handles the packets before the invalid one, then closes the session on our close packet
        String closing = payload.valid().map(valid -> valid + EnginePackets.SEPARATOR + EnginePackets.CLOSE_V4)
                .orElse(EnginePackets.CLOSE_V4);
        runHeld(request, response, eio, closing);
        throw Refusal.protocol(Refusal.Protocol.BAD_REQUEST);
    }

    /** A library failure on a body leaves its session broken: close it, as the reference would. */
    private void closeSession(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio) {
        try {
            runHeld(request, response, eio, eio.protocol() == 3 ? EnginePackets.CLOSE_V3 : EnginePackets.CLOSE_V4);
        } catch (LibraryFailure | IOException e) {
            LOG.log(Level.FINE, "closing a broken polling session failed", e);
        } catch (RuntimeException bug) {
            // the client still gets its 400; our own failure must not pass unseen
            LOG.log(Level.SEVERE, "closing a broken polling session failed unexpectedly", bug);
        }
    }

    /** Runs {@code body} through the library with its answer held back: ours goes to the client. */
    private void runHeld(HttpServletRequest request, HttpServletResponse response, EngineIoRequest eio, String body)
            throws IOException {
        HeldExchange held = new HeldExchange(new PollingBodies.Buffered(request, eio, body.getBytes(StandardCharsets.UTF_8)), response);
        runtime.handlePolling(held.request(), held.response(), eio.sid());
    }

    /** Writes the answer; a client that left meanwhile is no one's problem. */
    private static void answer(Answer write) {
        try {
            write.run();
        } catch (IOException gone) {
            LOG.log(Level.FINE, "client left before its polling answer", gone);
        }
    }

    @FunctionalInterface
    private interface Answer {
        void run() throws IOException;
    }
}
