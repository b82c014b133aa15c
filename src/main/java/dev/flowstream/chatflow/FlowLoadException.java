package dev.flowstream.chatflow;

/**
 * A chatflow export cannot be loaded; the message names the node and its type when one is to
 * blame, and is what {@link ChatflowCatalog#failures()} reports.
 */
final class FlowLoadException extends RuntimeException {

    FlowLoadException(String message) {
        super(message);
    }

    FlowLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
