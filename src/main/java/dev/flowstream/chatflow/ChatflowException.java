package dev.flowstream.chatflow;

/**
 * A chatflow run failed. The message is safe to show to the caller: it names the node and what
 * to do, never a key or a provider's stack trace. The prediction API maps each kind to its status.
 */
public class ChatflowException extends RuntimeException {

    /** Why the run failed; decides the HTTP status. */
    public enum Kind {
        /** The flow is misconfigured (e.g. a missing API key): 500. */
        CONFIGURATION,
        /** The chain itself failed: 500. */
        CHAIN,
        /** The model provider answered with an error or cut the stream: 502. */
        PROVIDER,
        /** The model provider did not answer in time, or went silent mid-stream: 504. */
        TIMEOUT,
        /** The request asks what the flow cannot do (an upsert into a flow without a vector store): 400. */
        INPUT
    }

    private final Kind kind;

    public ChatflowException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ChatflowException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
