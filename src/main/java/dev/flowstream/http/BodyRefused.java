package dev.flowstream.http;

/**
 * A request body that could not be taken: too large (413), too slow to arrive (408), or broken off
 * by the client (400). The message names the limit and is safe to send to the client.
 */
public final class BodyRefused extends RuntimeException {

    /** Why the body was refused; callers may word their own message per reason. */
    public enum Reason {
        TOO_LARGE(413), TOO_SLOW(408), BROKEN(400);

        private final int status;

        Reason(int status) {
            this.status = status;
        }
    }

    private final Reason reason;

    BodyRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return reason.status;
    }
}
