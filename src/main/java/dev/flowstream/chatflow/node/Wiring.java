package dev.flowstream.chatflow.node;

import java.util.List;
import java.util.Optional;

/**
 * What a loader asks for the nodes its inputs reference ({@code "{{chatOpenAI_0.data.instance}}"}):
 * each referenced node is checked for the role the input needs, built once per flow (in dependency
 * order) and shared by every node that references it. A reference to a missing node, to a node of
 * the wrong role, or one that closes a cycle fails the load with one message shape naming the
 * node, the input and what would fit there.
 *
 * <p>Threading: used by the thread that loads one flow; not thread-safe.
 */
public interface Wiring {

    /** What every node of the flow shares. */
    FlowRuntime runtime();

    /** The id of the flow being loaded (its file name), for what a node keeps per flow. */
    String flowId();

    /** The node {@code input} references, built for {@code role}; empty when the input is unset. */
    <T> Optional<T> optional(ExportNode node, String input, Role<T> role);

    /** The nodes a list input references ({@code ["{{a_0.data.instance}}", ...]}, or one reference), in order. */
    <T> List<T> all(ExportNode node, String input, Role<T> role);

    /**
     * The node with id {@code id}, named inside {@code input}'s text rather than as the whole input
     * (a prompt's {@code promptValues}: {@code {"result": "{{llmChain_0.data.instance}}"}}), built
     * for {@code role} and checked as {@link #optional} checks its reference.
     */
    default <T> T named(ExportNode node, String input, String id, Role<T> role) {
        throw new UnsupportedOperationException("this wiring builds no nodes named inside an input");
    }

    /** Like {@link #optional}; an unset input fails the load: "needs a node connected to its X input". */
    default <T> T required(ExportNode node, String input, Role<T> role) {
        return optional(node, input, role).orElseThrow(() -> node.failure("needs a node connected to its " + input + " input"));
    }

    /**
     * Builds nodes that a node makes from its own settings rather than the export holding them
     * (Flowise's {@code documentStoreVS} makes its store and embeddings so): the last of
     * {@code nodes}, for {@code role}; the others are what it references. Each is checked as an
     * export's node is; their ids must not be the export's.
     */
    default <T> T inner(List<ExportNode> nodes, Role<T> role) {
        throw new UnsupportedOperationException("this wiring builds no inner nodes");
    }

    /** The registered types that play {@code role} with {@code capability}, by name, sorted: for messages. */
    List<String> typesWith(Role<?> role, Capability capability);
}
