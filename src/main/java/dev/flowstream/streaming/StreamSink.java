package dev.flowstream.streaming;

/**
 * Where one prediction's events go. A chain calls {@link #accept} from whatever thread its model
 * calls back on, one event at a time (never concurrently for one prediction); implementations must
 * not block the caller.
 */
@FunctionalInterface
public interface StreamSink {

    void accept(StreamEvent event);

    /** A sink that drops everything: a prediction nobody listens to. */
    StreamSink NONE = event -> { };

    /** Hands each event to this sink, then to {@code next}; {@link #NONE} on either side adds no step. */
    default StreamSink andThen(StreamSink next) {
        if (next == NONE) return this;
        if (this == NONE) return next;
        return event -> {
            accept(event);
            next.accept(event);
        };
    }
}
