package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * What a retrieval chain's {@code vectorStoreRetriever} input gives: the passages that best match
 * a query, best first, as Flowise's {@code {pageContent, metadata}}.
 *
 * <p>Threading: implementations are immutable after load and searched concurrently; {@link #retrieve}
 * may block on the network (an embedding call), so chains call it from a worker thread.
 */
public interface Retriever extends AutoCloseable {

    List<SourceDocument> retrieve(String query);

    /** {@link #retrieve} on {@code workers}; the stage fails with a {@link ChatflowException}. */
    default CompletionStage<List<SourceDocument>> retrieveOn(Executor workers, String query) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return retrieve(query);
                } catch (ChatflowException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new ChatflowException(ChatflowException.Kind.CHAIN, "retrieving documents failed", e);
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ChatflowException(ChatflowException.Kind.CHAIN, "Flowstream is shutting down"));
        }
    }

    /** The documents as one context text, as LangChain's stuff chain joins them. */
    static String context(List<SourceDocument> documents) {
        return documents.stream().map(SourceDocument::pageContent).collect(Collectors.joining("\n\n"));
    }

    /** Releases what the retriever holds (an index, ...). */
    @Override
    default void close() {
    }
}
