package dev.flowstream.chatflow;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wiring that gives each input the object connected to it by name (none for the others), whatever the role asked. */
public record ConnectedWiring(FlowRuntime runtime, Map<String, Object> connected) implements Wiring {

    @Override
    public String flowId() {
        return "flow";
    }

    @Override
    public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
        return Optional.ofNullable(connected.get(input)).map(role.type()::cast);
    }

    @Override
    public <T> List<T> all(ExportNode node, String input, Role<T> role) {
        return optional(node, input, role).stream().toList();
    }

    @Override
    public List<String> typesWith(Role<?> role, Capability capability) {
        return List.of();
    }
}
