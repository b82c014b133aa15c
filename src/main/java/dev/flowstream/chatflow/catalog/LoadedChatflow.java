package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.graph.AssembledFlow;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.StreamSink;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A chatflow loaded from an export file. A flow that cannot stream (decided when it was assembled)
 * gets no sink at all, so it sends no events, as in Flowise. Whatever its end throws becomes a failed stage, never an exception
 * out of {@link #run}.
 *
 * <p>Threading: immutable; runs concurrently (see {@link Chatflow}).
 */
final class LoadedChatflow implements Chatflow, AutoCloseable {

    private final String id;
    private final String name;
    private final AssembledFlow flow;

    LoadedChatflow(String id, String name, AssembledFlow flow) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean streamable() {
        return flow.streamable();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sink, "sink");
        try {
            return flow.end().run(request, flow.streamable() ? sink : StreamSink.NONE);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ChatflowException(Kind.CHAIN, "chatflow " + id + " failed", e));
        }
    }

    @Override
    public void close() {
        flow.close();
    }

    @Override
    public String toString() {
        return "chatflow " + id;
    }
}
