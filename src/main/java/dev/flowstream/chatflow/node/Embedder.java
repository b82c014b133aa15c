package dev.flowstream.chatflow.node;

import java.util.List;

/**
 * An embeddings node ({@code openAIEmbeddings}, {@code cohereEmbeddings}, ...) as vector stores use it:
 * {@link #embed} for the documents they keep, {@link #embedQuery} for the questions they search with.
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

    /**
     * The vector of a question, to search with. Providers that embed queries and documents
     * differently (Cohere's input types, Gemini's task types) tell them apart here.
     */
    default float[] embedQuery(String query) {
        return embed(List.of(query)).get(0);
    }

    /** How messages name it, e.g. {@code embeddings node openAIEmbeddings_0 (openAIEmbeddings)}. */
    default String describe() {
        return "the flow's embeddings node";
    }
}
