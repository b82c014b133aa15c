package dev.flowstream.chatflow.node;

import java.util.Optional;

/**
 * A LlamaIndex vector store's retriever ({@code pineconeLlamaIndex}), as Flowise's LlamaIndex
 * engines take it: the passages that best match a query, and the chat model of its service
 * context, which a {@code queryEngine} answers with (that engine has no model input of its own).
 *
 * <p>Threading: as {@link Retriever}.
 */
public interface IndexRetriever extends Retriever {

    /** The export's node id, for messages. */
    String id();

    /** The store's {@code model} input, when one is connected. */
    Optional<ChatModelNode> model();
}
