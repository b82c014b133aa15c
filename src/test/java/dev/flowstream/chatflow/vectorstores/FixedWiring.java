package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

import java.util.List;
import java.util.Optional;

/** Wiring that gives a vector store node one document loader and its embeddings (when not null), in flow {@code flow}. */
record FixedWiring(FlowRuntime runtime, DocumentLoader loader, Embedder embeddings) implements Wiring {

    @Override
    public String flowId() {
        return "flow";
    }

    @Override
    public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
        boolean embedder = role == Role.EMBEDDINGS || role == Role.LLAMAINDEX_EMBEDDINGS;
        return embedder ? Optional.ofNullable(embeddings).map(role.type()::cast) : Optional.empty();
    }

    @Override
    public <T> List<T> all(ExportNode node, String input, Role<T> role) {
        return role == Role.DOCUMENT_LOADER ? List.of(role.type().cast(loader)) : List.of();
    }

    @Override
    public List<String> typesWith(Role<?> role, Capability capability) {
        return List.of();
    }
}
