package dev.flowstream.chatflow.node;

import java.util.Objects;

/**
 * One node of a Flowise export: its id ({@code chatOpenAI_0}), its type as Flowise names it
 * ({@code data.name}, e.g. {@code chatOpenAI}), its label and its inputs. Immutable.
 */
public record ExportNode(String id, String name, String label, NodeInputs inputs) {

    public ExportNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(inputs, "inputs");
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
