package dev.flowstream.chatflow.node;

import java.util.Objects;
import java.util.Set;

/**
 * One Flowise node type as Flowstream runs it: its Flowise name ({@code data.name} in an export),
 * the roles it plays for the nodes that reference it (Flowise's {@code baseClasses}), what every
 * node of the type can do beyond them, and its loader (Flowise's {@code init(nodeData)}). Each
 * category package lists its types; registering a node type is one line there.
 *
 * <p>Threading: immutable; loaders are called on the thread that loads a flow.
 *
 * @param capabilities known before loading, so a load failure can name the types that would fit;
 *                     the loaded node reports the same ({@link ChatModelNode#supportedCapabilities})
 */
public record NodeType(String name, Set<Role<?>> roles, Set<Capability> capabilities, Loader loader) {

    /** Builds one node of the type. */
    @FunctionalInterface
    public interface Loader {
        /**
         * @param node   the node as the export has it
         * @param wiring the nodes its inputs reference, each built once
         * @return an object implementing the interface of every role of the type
         * @throws FlowLoadException naming the node and what is wrong with it
         */
        Object load(ExportNode node, Wiring wiring);
    }

    public NodeType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loader, "loader");
        roles = Set.copyOf(roles);
        capabilities = Set.copyOf(capabilities);
        if (name.isBlank() || roles.isEmpty()) throw new IllegalArgumentException("a node type needs a name and a role: " + name);
    }

    public static NodeType of(String name, Loader loader, Role<?>... roles) {
        return new NodeType(name, Set.of(roles), Set.of(), loader);
    }

    /** The same type with these capabilities. */
    public NodeType with(Capability... more) {
        return new NodeType(name, roles, Set.of(more), loader);
    }

    public boolean plays(Role<?> role) {
        return roles.contains(role);
    }
}
