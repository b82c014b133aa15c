package dev.flowstream.chatflow.node;

import java.util.Objects;
import java.util.Optional;

/**
 * One node of a Flowise export: its id ({@code chatOpenAI_0}), its type as Flowise names it
 * ({@code data.name}, e.g. {@code chatOpenAI}), its label, its inputs, and the credential Flowise
 * chose for it ({@code data.credential}: the id of a credential in Flowise's store). Immutable.
 */
public record ExportNode(String id, String name, String label, NodeInputs inputs, Optional<String> credential) {

    public ExportNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(credential, "credential");
    }

    /** A node without a chosen credential. */
    public ExportNode(String id, String name, String label, NodeInputs inputs) {
        this(id, name, label, inputs, Optional.empty());
    }

    /** The same node with other inputs (a request's overrides). */
    public ExportNode withInputs(NodeInputs other) {
        return new ExportNode(id, name, label, other, credential);
    }

    /** Fails the load when an input Flowstream does not support yet is set ({@code inputModeration}, ...). */
    public void refuseIfSet(String input) {
        if (inputs.isSet(input)) throw failure("uses " + input + ", which Flowstream does not support yet");
    }

    /** A load failure blamed on this node. */
    public FlowLoadException failure(String problem) {
        return new FlowLoadException("node " + id + " (" + name + ") " + problem);
    }
}
