package dev.flowstream.socketio;

/** A polling body above {@code maxPayload}: answered with 413. */
final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(long limit) {
        super("body exceeds maxPayload of " + limit + " bytes");
    }
}
