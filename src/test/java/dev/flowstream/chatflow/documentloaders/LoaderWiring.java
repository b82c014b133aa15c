package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;

import java.util.List;
import java.util.Optional;

/** Wiring for a loader node: its text splitter, if any; no other references. */
record LoaderWiring(FlowRuntime runtime, Optional<TextSplitter> splitter) implements Wiring {

    LoaderWiring(FlowRuntime runtime) {
        this(runtime, Optional.empty());
    }

    @Override
    public String flowId() {
        return "flow";
    }

    @Override
    public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
        return role == Role.TEXT_SPLITTER ? splitter.map(role.type()::cast) : Optional.empty();
    }

    @Override
    public <T> List<T> all(ExportNode node, String input, Role<T> role) {
        return List.of();
    }

    @Override
    public List<String> typesWith(Role<?> role, Capability capability) {
        return List.of();
    }
}
