package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.VendorApi;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store that holds vectors of one length and embeddings that give another: one message for it,
 * naming the store's node, where the vectors are kept, both lengths and the embeddings node,
 * whether the node saw it itself or read it in the vendor's error. Stateless.
 */
final class Dimensions {

    private Dimensions() {
    }

    static ChatflowException mismatch(ExportNode store, String holder, int stored, Embedder embeddings, int given) {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + store.id() + " (" + store.name() + "): "
                + holder + " holds vectors of " + stored + " dimensions, but " + embeddings.describe() + " gives " + given);
    }

    /** Fails when {@code stored} is known and not {@code given}. */
    static void check(ExportNode store, String holder, Optional<Integer> stored, Embedder embeddings, int given) {
        if (stored.isPresent() && stored.get() != given) throw mismatch(store, holder, stored.get(), embeddings, given);
    }

    /**
     * Recognises the vendor's dimension errors: each pattern has the groups {@code stored} and
     * {@code given}; any other error is left to the generic message.
     */
    static VendorApi.ErrorReading reading(ExportNode store, Supplier<String> holder, Embedder embeddings, Pattern... patterns) {
        return body -> {
            for (Pattern pattern : patterns) {
                Matcher found = pattern.matcher(body);
                if (found.find()) {
                    return Optional.of(mismatch(store, holder.get(), Integer.parseInt(found.group("stored")), embeddings,
                            Integer.parseInt(found.group("given"))));
                }
            }
            return Optional.empty();
        };
    }
}
