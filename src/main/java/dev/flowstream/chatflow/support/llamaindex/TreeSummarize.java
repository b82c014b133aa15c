package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.support.llamaindex.ModelCalls.Reply;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LlamaIndex's {@code TreeSummarize}: the passages packed into as few chunks as fit its prompt;
 * one chunk is answered at once (streamed), several are each summarized against the query at the
 * same time (not streamed) and the summaries packed and summarized again, until one chunk is left.
 * No passage at all is an error, as in LlamaIndex; summaries that stop shrinking fail the answer
 * instead of looping for ever.
 *
 * <p>Threading: immutable; safe to run concurrently; the summaries of one round run in parallel.
 */
public final class TreeSummarize implements ResponseSynthesizer {

    private final String owner;
    private final LlamaPrompt prompt;

    public TreeSummarize(String owner, LlamaPrompt prompt) {
        this.owner = owner;
        this.prompt = prompt;
    }

    @Override
    public CompletionStage<FlowResult> synthesize(Synthesis synthesis, StreamSink sink) {
        return round(synthesis, synthesis.chunks(), Integer.MAX_VALUE, sink);
    }

    private CompletionStage<FlowResult> round(Synthesis synthesis, List<String> chunks, int previous, StreamSink sink) {
        List<String> packed;
        try {
            packed = chunks.isEmpty() ? List.of() : PromptPacking.repack(prompt, chunks, owner);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (packed.isEmpty()) {
            return CompletableFuture.failedFuture(new ChatflowException(Kind.CHAIN,
                    owner + ": tree summarize needs at least one passage, and there was none"));
        }
        if (packed.size() == 1) {
            return ModelCalls.call(synthesis, fill(packed.get(0), synthesis), true, sink)
                    .thenCompose(reply -> ModelCalls.answer(reply, synthesis, sink));
        }
        if (packed.size() >= previous) {
            return CompletableFuture.failedFuture(new ChatflowException(Kind.CHAIN, owner + ": tree summarize "
                    + "does not converge: " + previous + " summaries still need " + packed.size() + " prompts"));
        }
        List<CompletableFuture<Reply>> summaries = packed.stream()
                .map(chunk -> ModelCalls.call(synthesis, fill(chunk, synthesis), false, sink).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(summaries.toArray(CompletableFuture[]::new)).thenCompose(done -> round(synthesis,
                summaries.stream().map(summary -> summary.join().text()).toList(), packed.size(), sink));
    }

    private String fill(String chunk, Synthesis synthesis) {
        return prompt.format(Map.of("context", chunk, "query", synthesis.query()));
    }
}
