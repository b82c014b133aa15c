package dev.flowstream.chatflow.node;

import java.util.Objects;

/**
 * A retriever as a router sees it: Flowise's {@code vectorStoreRetriever}, a vector store with the
 * name a router answers with and the description it chooses by. The store belongs to the flow,
 * which closes it; this value holds nothing of its own.
 *
 * <p>Threading: immutable; the retriever is safe to search concurrently.
 */
public record NamedRetriever(String name, String description, Retriever retriever) {

    public NamedRetriever {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(retriever, "retriever");
    }
}
