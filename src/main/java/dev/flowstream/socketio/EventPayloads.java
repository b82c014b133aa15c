package dev.flowstream.socketio;

import dev.flowstream.streaming.StreamEvent;
import org.json.JSONObject;

/**
 * Turns {@link StreamEvent} payloads into socket.io emit arguments (org.json values). Stateless.
 */
final class EventPayloads {

    private static final Object[] NO_ARGS = new Object[0];

    private EventPayloads() {
    }

    static Object[] args(StreamEvent event) {
        Object data = event.data();
        if (data == null) return NO_ARGS;
        if (data instanceof String text) return new Object[] {text};
        return new Object[] {JSONObject.wrap(data)};
    }
}
