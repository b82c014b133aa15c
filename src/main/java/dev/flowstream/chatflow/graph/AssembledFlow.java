package dev.flowstream.chatflow.graph;

import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.Upserter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A flow as assembled: its ending node, whether it streams (decided once, at assembly), and the
 * nodes it built, which it closes together, each once, last built first: a node that others share
 * (a retriever used by a chain and by a tool) is closed by the flow, not by each of them.
 *
 * <p>Threading: immutable; {@link #close} once, when the flow is replaced or the catalog closes.
 */
public final class AssembledFlow implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AssembledFlow.class.getName());

    private final FlowEnd end;
    private final boolean streamable;
    private final List<AutoCloseable> resources;
    private final List<Upserter> upserters;
    private final Set<String> fileInputs;

    AssembledFlow(FlowEnd end, boolean streamable, List<Object> built) {
        this.end = end;
        this.streamable = streamable;
        List<AutoCloseable> closeable = new ArrayList<>();
        for (Object node : built) if (node instanceof AutoCloseable resource) closeable.add(resource);
        Collections.reverse(closeable);
        this.resources = List.copyOf(closeable);
        this.upserters = built.stream().filter(Upserter.class::isInstance).map(Upserter.class::cast).toList();
        this.fileInputs = built.stream().filter(DocumentLoader.class::isInstance)
                .flatMap(loader -> ((DocumentLoader) loader).fileInputs().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** The flow's vector stores an upsert fills, in build order. */
    public List<Upserter> upserters() {
        return upserters;
    }

    /** The inputs its document loaders read files from, where an upsert's uploads go. */
    public Set<String> fileInputs() {
        return fileInputs;
    }

    public FlowEnd end() {
        return end;
    }

    /** Flowise's rule: the ending node can stream and every chat model of the flow streams. */
    public boolean streamable() {
        return streamable;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing a node of a flow failed", e);
            }
        }
    }
}
