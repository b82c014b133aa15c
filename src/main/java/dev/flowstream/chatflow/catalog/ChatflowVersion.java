package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.StreamSink;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One loaded version of a chatflow as the catalog serves it. A reload {@linkplain #retire retires}
 * the version it replaces: runs already started on it finish normally, and what it holds is
 * released once the last of them is done. A run asked of a version that is already released
 * (its caller looked it up just before the reload) goes to the version served now.
 *
 * <p>Threading: safe to run concurrently and to retire from any thread; released exactly once.
 */
final class ChatflowVersion implements Chatflow {

    private static final Logger LOG = Logger.getLogger(ChatflowVersion.class.getName());

    private final LoadedChatflow flow;
    private final Function<String, Optional<Chatflow>> served;
    /** One hold for the catalog while it serves this version, plus one per run in progress. */
    private final AtomicInteger holds = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    /** @param served the flow the catalog serves now under an id, for runs that arrive too late */
    ChatflowVersion(LoadedChatflow flow, Function<String, Optional<Chatflow>> served) {
        this.flow = Objects.requireNonNull(flow, "flow");
        this.served = Objects.requireNonNull(served, "served");
    }

    @Override
    public String id() {
        return flow.id();
    }

    @Override
    public String name() {
        return flow.name();
    }

    @Override
    public boolean streamable() {
        return flow.streamable();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        if (!hold()) return servedNow(request, sink);
        CompletionStage<FlowResult> run;
        try {
            run = flow.run(request, sink);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        run.whenComplete((result, failure) -> release());
        return run;
    }

    @Override
    public Set<String> fileInputs() {
        return flow.fileInputs();
    }

    @Override
    public CompletionStage<UpsertResult> upsert(Map<String, Object> overrideConfig) {
        if (!hold()) {
            return served.apply(id()).filter(current -> current != this).map(current -> current.upsert(overrideConfig))
                    .orElseGet(() -> CompletableFuture.failedFuture(new ChatflowException(Kind.CONFIGURATION,
                            "chatflow " + id() + " was removed while the request was waiting")));
        }
        CompletionStage<UpsertResult> upsert;
        try {
            upsert = flow.upsert(overrideConfig);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        upsert.whenComplete((result, failure) -> release());
        return upsert;
    }

    /** The catalog no longer serves this version; it is released once no run uses it. Idempotent. */
    void retire() {
        if (retired.compareAndSet(false, true)) release();
    }

    boolean released() {
        return holds.get() == 0;
    }

    private CompletionStage<FlowResult> servedNow(FlowRequest request, StreamSink sink) {
        return served.apply(id())
                .filter(current -> current != this)
                .map(current -> current.run(request, sink))
                .orElseGet(() -> CompletableFuture.failedFuture(new ChatflowException(Kind.CONFIGURATION,
                        "chatflow " + id() + " was removed while the request was waiting")));
    }

    private boolean hold() {
        for (int count = holds.get(); count > 0; count = holds.get()) {
            if (holds.compareAndSet(count, count + 1)) return true;
        }
        return false;
    }

    private void release() {
        if (holds.decrementAndGet() != 0) return;
        try {
            flow.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "releasing " + flow + " failed", e);
        }
    }

    @Override
    public String toString() {
        return flow.toString();
    }
}
