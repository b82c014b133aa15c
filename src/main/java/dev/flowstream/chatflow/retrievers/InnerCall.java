package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The model calls a retriever makes on its way to documents: each is answered in full and streams
 * nothing, since only a chain's final answer reaches the client. A retriever searches on a worker
 * thread ({@code Retriever.retrieveOn}), so waiting here holds no container or model thread; the
 * model's own timeout and stall watchdog bound the wait. A failed call keeps the model's failure
 * (502 or 504 naming the model); anything else becomes a chain failure naming the retriever.
 *
 * <p>Threading: stateless; called concurrently from worker threads.
 */
final class InnerCall {

    private InnerCall() {
    }

    /** Sends {@code messages} and waits for the whole answer. */
    static String ask(ExportNode node, ChatModelNode model, List<ChatMessage> messages) {
        return await(node, start(model, messages));
    }

    /** Sends {@code messages} without waiting, so several calls can run at once; {@link #await} each. */
    static CompletableFuture<String> start(ChatModelNode model, List<ChatMessage> messages) {
        return model.stream(messages, Map.of(), StreamSink.NONE, List.of()).toCompletableFuture().thenApply(r -> r.text());
    }

    static String await(ExportNode node, CompletableFuture<String> call) {
        try {
            return call.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ChatflowException failure) throw failure;
            throw new ChatflowException(ChatflowException.Kind.CHAIN, "node " + node.id() + " (" + node.name()
                    + "): its model call failed", cause);
        }
    }

    /** The non-blank lines of a model's answer, trimmed: the questions it was asked to write one per line. */
    static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
