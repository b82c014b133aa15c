package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a {@code vectaraQAChain} asks of the {@code vectara} node connected to it ({@link Role#VECTARA_STORE}):
 * Vectara's own answer to a question (its search over the node's corpora, then its generation, streamed).
 *
 * <p>Threading: implementations are immutable and thread-safe; {@link #summarize} blocks on the
 * network, so chains call it from a worker thread.
 */
public interface VectaraStore {

    /**
     * How Vectara's generation is asked for.
     *
     * @param promptName Vectara's generation preset ({@code summarizerPromptName})
     * @param language   the answer's language ({@code responseLang}, e.g. {@code eng})
     * @param maxResults how many search results the generation reads ({@code maxSummarizedResults})
     */
    record Summary(String promptName, String language, int maxResults) {
    }

    /**
     * Streams the answer's pieces to {@code chunks} as Vectara generates them, citing search results
     * as {@code [1]}, {@code [2]}, ... in the order of the returned list.
     *
     * @return the search results the answer was generated from, best first
     * @throws dev.flowstream.chatflow.ChatflowException naming the node when Vectara fails or is silent
     */
    List<SourceDocument> summarize(String question, Summary summary, Consumer<String> chunks);

    /** How messages name it: {@code node vectara_0 (vectara)}. */
    String describe();
}
