package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowCatalog;
/**
 * A chatflow export cannot be loaded; the message names the node and its type when one is to
 * blame, and is what {@link ChatflowCatalog#failures()} reports.
 */
public final class FlowLoadException extends RuntimeException {

    public FlowLoadException(String message) {
        super(message);
    }

    public FlowLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
