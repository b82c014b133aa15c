package dev.flowstream.socketio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Assembles one websocket's incoming messages from the parts the container hands over, counting
 * their bytes against engine.io's {@code maxPayload} as they come: containers differ in what they
 * do with a message over their own buffer size (one dropped it silently and kept the connection),
 * so the limit is ours, and a message past it closes the connection with 1009, as the reference
 * server does.
 *
 * <p>Threading: the container delivers one part at a time per session; not thread-safe otherwise.
 */
final class IncomingFrames {

    /** What became of a part: nothing yet, a whole message, or a message over the limit. */
    sealed interface Outcome {
        record Partial() implements Outcome {
        }

        record Whole(Object message) implements Outcome {
        }

        record TooBig(long limit) implements Outcome {
        }
    }

    private static final Outcome PARTIAL = new Outcome.Partial();

    private final long maxPayload;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private long bytes;
    /** Once a message was too big the connection closes: nothing more is assembled. */
    private boolean refused;

    IncomingFrames(long maxPayload) {
        this.maxPayload = maxPayload;
    }

    Outcome text(String part, boolean last) {
        if (refused) return PARTIAL;
        if (!fits(WebSocketConnection.utf8Length(part))) return refuse();
        text.append(part);
        if (!last) return PARTIAL;
        String whole = text.toString();
        text.setLength(0);
        bytes = 0;
        return new Outcome.Whole(whole);
    }

    Outcome binary(ByteBuffer part, boolean last) {
        if (refused) return PARTIAL;
        if (!fits(part.remaining())) return refuse();
        byte[] copy = new byte[part.remaining()];
        part.get(copy);
        binary.write(copy, 0, copy.length);
        if (!last) return PARTIAL;
        byte[] whole = binary.toByteArray();
        binary.reset();
        bytes = 0;
        return new Outcome.Whole(whole);
    }

    private boolean fits(long more) {
        bytes += more;
        return bytes <= maxPayload;
    }

    private Outcome refuse() {
        refused = true;
        text.setLength(0);
        binary.reset();
        return new Outcome.TooBig(maxPayload);
    }
}
