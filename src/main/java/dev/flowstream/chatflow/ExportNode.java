package dev.flowstream.chatflow;

import java.util.Objects;

/**
 * One node of a Flowise export: its id ({@code chatOpenAI_0}), its type as Flowise names it
 * ({@code data.name}, e.g. {@code chatOpenAI}), its label and its inputs. Immutable.
 */
record ExportNode(String id, String name, String label, NodeInputs inputs) {

    ExportNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(inputs, "inputs");
    }

    /** A load failure blamed on this node. */
    FlowLoadException failure(String problem) {
        return new FlowLoadException("node " + id + " (" + name + ") " + problem);
    }
}
