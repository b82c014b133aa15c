package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LlamaIndex's {@code CompactAndRefine}, the synthesizer its query engines use when none is given:
 * the passages are first packed into as few chunks as fit the longer of its two prompts (filled with
 * the query) in LlamaIndex's 3900-token window, then answered and refined as {@link Refine} does.
 * Passages that fit together so cost one model call.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
public final class CompactAndRefine implements ResponseSynthesizer {

    private final Refine refine;

    public CompactAndRefine(String owner, LlamaPrompt textQa, LlamaPrompt refine) {
        this.refine = new Refine(owner, textQa, refine);
    }

    /** LlamaIndex's own prompts, for an engine without a synthesizer. */
    public static CompactAndRefine defaults(String owner) {
        return new CompactAndRefine(owner, LlamaPrompt.TEXT_QA, LlamaPrompt.REFINE);
    }

    @Override
    public CompletionStage<FlowResult> synthesize(Synthesis synthesis, StreamSink sink) {
        List<String> packed;
        try {
            LlamaPrompt biggest = PromptPacking.biggest(refine.textQa().with("query", synthesis.query()),
                    refine.refine().with("query", synthesis.query()));
            packed = PromptPacking.repack(biggest, synthesis.chunks(), refine.owner());
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        return refine.answer(synthesis, packed, sink);
    }
}
