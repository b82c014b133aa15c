package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

/** The inputs every vector store node has: its embeddings and its {@code topK}. Stateless. */
final class StoreInputs {

    private static final int MAX_TOP_K = 100;

    private StoreInputs() {
    }

    static Embedder embeddings(ExportNode node, Wiring wiring) {
        return wiring.optional(node, "embeddings", Role.EMBEDDINGS)
                .orElseThrow(() -> node.failure("needs an embeddings node connected to its embeddings input"));
    }

    /** How many documents a search returns: Flowise's default 4. */
    static int topK(ExportNode node) {
        int topK = node.inputs().integer("topK").orElse(4);
        if (topK < 1 || topK > MAX_TOP_K) throw node.failure("input topK must be between 1 and " + MAX_TOP_K);
        return topK;
    }
}
