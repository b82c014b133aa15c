package dev.flowstream.config;

import java.time.Duration;

/**
 * The socket.io transport's settings. Immutable.
 *
 * @param maxPayload          engine.io {@code maxPayload}: largest polling body or websocket frame
 *                            accepted (also announced in the handshake)
 * @param pingInterval        engine.io {@code pingInterval}
 * @param pingTimeout         engine.io {@code pingTimeout}
 * @param connectTimeout      how long a connection may stay without a socket.io CONNECT before it
 *                            is closed (socket.io's {@code connectTimeout})
 * @param queueBytes          per-connection bytes the client has not taken yet before it counts as
 *                            too slow and is disconnected
 * @param handshakesPerSecond new engine.io sessions one client address may open per second (twice
 *                            that in a burst); zero turns the limit off
 */
public record SocketIoSettings(int maxPayload, Duration pingInterval, Duration pingTimeout,
                               Duration connectTimeout, long queueBytes, int handshakesPerSecond) {

    static SocketIoSettings from(SettingSource s) {
        return new SocketIoSettings(
                s.atLeast("flowstream.max.payload", 1_000_000, 1),
                s.millis("flowstream.ping.interval.ms", 25_000, 1),
                s.millis("flowstream.ping.timeout.ms", 20_000, 1),
                s.millis("flowstream.connect.timeout.ms", 45_000, 1),
                s.atLeast("flowstream.socket.queue.bytes", 4_194_304, 1),
                s.atLeast("flowstream.handshake.rate", 100, 0));
    }
}
