package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.graph.AssembledFlow;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.StreamSink;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    private final Executor workers;

    /** @param workers where upserts run (they block on files and on the embeddings provider) */
    LoadedChatflow(String id, String name, AssembledFlow flow, Executor workers) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.workers = Objects.requireNonNull(workers, "workers");
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
    public Set<String> fileInputs() {
        return flow.fileInputs();
    }

    @Override
    public CompletionStage<UpsertResult> upsert(Map<String, Object> overrideConfig) {
        List<Upserter> upserters = flow.upserters();
        if (upserters.isEmpty()) {
            return CompletableFuture.failedFuture(new ChatflowException(Kind.INPUT,
                    "chatflow " + id + " has no vector store to upsert into"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> UpsertResult.sum(upserters.stream()
                    .map(upserter -> upsert(upserter, overrideConfig)).toList()), workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ChatflowException(Kind.CHAIN, "Flowstream is shutting down"));
        }
    }

    private UpsertResult upsert(Upserter upserter, Map<String, Object> overrideConfig) {
        try {
            return upserter.upsert(overrideConfig);
        } catch (ChatflowException e) {
            throw e;
        } catch (FlowLoadException e) {
            throw new ChatflowException(Kind.INPUT, "overrideConfig: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ChatflowException(Kind.CHAIN, "the upsert into chatflow " + id + " failed", e);
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
