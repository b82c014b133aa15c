package dev.flowstream.chatflow.node;

import java.util.List;

/**
 * An embeddings node ({@code openAIEmbeddings}, {@code ollamaEmbedding}) as vector stores use it.
 *
 * <p>Threading: implementations are immutable and thread-safe; {@link #embed} blocks on the network.
 */
public interface Embedder {

    /**
     * One vector per text, in order.
     *
     * @throws dev.flowstream.chatflow.ChatflowException naming the node when the provider fails
     */
    List<float[]> embed(List<String> texts);

    /** How messages name it, e.g. {@code embeddings node openAIEmbeddings_0 (openAIEmbeddings)}. */
    default String describe() {
        return "the flow's embeddings node";
    }
}
