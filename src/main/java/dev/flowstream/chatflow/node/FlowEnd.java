package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.StreamSink;

import java.util.concurrent.CompletionStage;

/**
 * The ending node of a loaded flow: what answers a request.
 *
 * <p>Threading: implementations are immutable (or safely lazy) and run concurrently; the
 * contract of {@link #run} is {@link Chatflow#run}'s.
 */
public interface FlowEnd extends AutoCloseable {

    /** Flowise's rule for this node: can it stream tokens? */
    boolean streamable();

    CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink);

    /** Releases what the node holds (an index, ...). */
    @Override
    default void close() {
    }
}
