package dev.flowstream.chatflow.graph;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a flow from its export: checks that Flowstream knows every node, builds the ending node,
 * and through {@link Wiring} every node it references, each once, in dependency order, checked for
 * the role it plays where it is used. Decides once whether the flow streams (Flowise's rule: its
 * ending node can, and every chat model of the flow does). Every problem is a
 * {@link FlowLoadException} naming the node. One assembler per load; not thread-safe.
 */
public final class FlowAssembler implements Wiring {

    private final String flowId;
    private final FlowiseExport export;
    private final FlowRuntime runtime;
    private final NodeRegistry registry;
    /** Built nodes by id, in the order they were built. */
    private final Map<String, Object> built = new LinkedHashMap<>();
    /** Nodes made by other nodes from their settings ({@link #inner}), by id. */
    private final Map<String, ExportNode> inner = new LinkedHashMap<>();
    /** The nodes being built now, outermost first: a reference back into them is a cycle. */
    private final Set<String> building = new LinkedHashSet<>();

    public FlowAssembler(String flowId, FlowiseExport export, FlowRuntime runtime, NodeRegistry registry) {
        this.flowId = flowId;
        this.export = export;
        this.runtime = runtime;
        this.registry = registry;
    }

    public AssembledFlow assemble() {
        export.nodes().forEach(this::checkKnown);
        ExportNode ending = export.endingNode();
        if (!type(ending).plays(Role.ENDING)) {
            throw ending.failure("is the ending node, but only " + String.join(", ", registry.namesPlaying(Role.ENDING))
                    + " can end a flow");
        }
        FlowEnd end = build(ending, Role.ENDING);
        boolean everyModelStreams = built.values().stream().filter(ChatModelNode.class::isInstance)
                .map(ChatModelNode.class::cast).allMatch(ChatModelNode::streaming);
        // a node made by another (documentStoreVS's store) is built under both ids: once is enough
        List<Object> resources = new ArrayList<>();
        Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Object node : built.values()) if (seen.add(node)) resources.add(node);
        return new AssembledFlow(end, end.streamable() && everyModelStreams, resources);
    }

    @Override
    public FlowRuntime runtime() {
        return runtime;
    }

    @Override
    public String flowId() {
        return flowId;
    }

    @Override
    public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
        return node.inputs().reference(input).map(id -> build(target(node, input, id, role), role));
    }

    @Override
    public <T> List<T> all(ExportNode node, String input, Role<T> role) {
        return node.inputs().references(input).stream().map(id -> build(target(node, input, id, role), role)).toList();
    }

    @Override
    public <T> T named(ExportNode node, String input, String id, Role<T> role) {
        return build(target(node, input, id, role), role);
    }

    @Override
    public <T> T inner(List<ExportNode> nodes, Role<T> role) {
        for (ExportNode node : nodes) {
            if (export.node(node.id()).isPresent() || inner.putIfAbsent(node.id(), node) != null) {
                throw node.failure("is made by another node under an id the flow already has");
            }
            checkKnown(node);
        }
        ExportNode root = nodes.get(nodes.size() - 1);
        if (!type(root).plays(role)) {
            throw root.failure("is not " + role + "; Flowstream supports only " + String.join(", ", registry.namesPlaying(role)) + " there");
        }
        return build(root, role);
    }

    @Override
    public List<String> typesWith(Role<?> role, Capability capability) {
        return registry.namesPlaying(role).stream()
                .filter(name -> registry.type(name).orElseThrow().capabilities().contains(capability)).toList();
    }

    private void checkKnown(ExportNode node) {
        Optional<String> why = UnsupportedNodes.why(node.name());
        if (why.isPresent()) throw node.failure("cannot be used: it " + why.get());
        if (registry.type(node.name()).isEmpty()) {
            throw new FlowLoadException("node " + node.id() + " has type " + node.name() + ", which Flowstream does not support");
        }
    }

    /** The node an input references, checked: in the export, of a type that plays the role, not on a cycle. */
    private ExportNode target(ExportNode from, String input, String id, Role<?> role) {
        ExportNode target = export.node(id).or(() -> Optional.ofNullable(inner.get(id)))
                .orElseThrow(() -> from.failure("input " + input + " references node " + id + ", which is not in the export"));
        if (!type(target).plays(role)) {
            throw from.failure("input " + input + " is connected to node " + id + " of type " + target.name()
                    + "; Flowstream supports only " + role + " there (" + String.join(", ", registry.namesPlaying(role)) + ")");
        }
        if (building.contains(id)) {
            throw from.failure("input " + input + " references node " + id + ", which needs this node itself: the flow "
                    + "has a cycle (" + String.join(" → ", building) + " → " + id + ")");
        }
        return target;
    }

    private <T> T build(ExportNode node, Role<T> role) {
        Object instance = built.get(node.id());
        if (instance == null) {
            NodeType type = type(node);
            building.add(node.id());
            instance = type.loader().load(node, this);
            building.remove(node.id());
            checkPlays(type, instance);
            built.put(node.id(), instance);
        }
        return role.type().cast(instance);
    }

    private NodeType type(ExportNode node) {
        return registry.type(node.name()).orElseThrow(); // checked by checkKnown first
    }

    /** A loader that returns something else than its type declares is a bug of ours, not of the export. */
    private static void checkPlays(NodeType type, Object instance) {
        for (Role<?> role : type.roles()) {
            if (!role.type().isInstance(instance)) {
                throw new IllegalStateException("node type " + type.name() + " declares " + role + " but loads a "
                        + instance.getClass().getName());
            }
        }
        if (instance instanceof ChatModelNode model && !model.supportedCapabilities().equals(type.capabilities())) {
            throw new IllegalStateException("node type " + type.name() + " declares " + type.capabilities()
                    + " but its model supports " + model.supportedCapabilities());
        }
    }
}
