package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inputs every vector store node has: its embeddings, loaders and {@code topK}, and the settings it needs once used. Stateless. */
final class StoreInputs {

    private static final int MAX_TOP_K = 100;

    private StoreInputs() {
    }

    static Embedder embeddings(ExportNode node, Wiring wiring) {
        return wiring.optional(node, "embeddings", Role.EMBEDDINGS)
                .orElseThrow(() -> node.failure("needs an embeddings node connected to its embeddings input"));
    }

    /**
     * The documents the store's loaders read now, with the upsert's overrides.
     *
     * @throws ChatflowException when no loader is connected: nothing to upsert
     */
    static List<SourceDocument> documents(ExportNode node, List<DocumentLoader> loaders, Map<String, Object> overrideConfig) {
        if (loaders.isEmpty()) {
            throw new ChatflowException(ChatflowException.Kind.INPUT, "node " + node.id() + " (" + node.name()
                    + ") has no document loader connected to its document input: nothing to upsert");
        }
        return loaders.stream().flatMap(loader -> loader.documents(overrideConfig).stream()).toList();
    }

    /**
     * An input a store needs only once it is used (its index, collection or server): a template may
     * leave it blank and still load, and the upsert or question that needs it fails naming it.
     */
    static <T> T needed(ExportNode node, Optional<T> value, String input, String what) {
        return value.orElseThrow(() -> new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id()
                + " (" + node.name() + ") needs " + what + " in its " + input + " input"));
    }

    /** How many documents a search returns: Flowise's default 4. */
    static int topK(ExportNode node) {
        int topK = node.inputs().integer("topK").orElse(4);
        if (topK < 1 || topK > MAX_TOP_K) throw node.failure("input topK must be between 1 and " + MAX_TOP_K);
        return topK;
    }
}
