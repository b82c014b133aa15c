package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.support.llamaindex.ModelCalls.Reply;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LlamaIndex's {@code Refine}: the first passage answers the query (its question-answering prompt),
 * each further passage refines that answer (its refine prompt), one model call per passage; a
 * passage too long for its prompt is cut to fit and its pieces taken in turn. Only the last call
 * streams. No passage at all answers {@code "Empty Response"}.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
public final class Refine implements ResponseSynthesizer {

    private final String owner;
    private final LlamaPrompt textQa;
    private final LlamaPrompt refine;

    /** @param owner how a failure names the node the synthesizer belongs to */
    public Refine(String owner, LlamaPrompt textQa, LlamaPrompt refine) {
        this.owner = owner;
        this.textQa = textQa;
        this.refine = refine;
    }

    @Override
    public CompletionStage<FlowResult> synthesize(Synthesis synthesis, StreamSink sink) {
        return answer(synthesis, synthesis.chunks(), sink);
    }

    /** The answer to the query from {@code chunks} (CompactAndRefine gives them packed). */
    CompletionStage<FlowResult> answer(Synthesis synthesis, List<String> chunks, StreamSink sink) {
        CompletionStage<Reply> reply = CompletableFuture.completedFuture(null);
        for (int i = 0; i < chunks.size(); i++) {
            String chunk = chunks.get(i);
            boolean last = i == chunks.size() - 1;
            reply = reply.thenCompose(current -> Reply.isEmpty(current)
                    ? answerOne(synthesis, chunk, last, sink) : refineOne(synthesis, current, chunk, last, sink));
        }
        return reply.thenCompose(done -> ModelCalls.answer(done, synthesis, sink));
    }

    LlamaPrompt textQa() {
        return textQa;
    }

    LlamaPrompt refine() {
        return refine;
    }

    String owner() {
        return owner;
    }

    private CompletionStage<Reply> answerOne(Synthesis synthesis, String chunk, boolean last, StreamSink sink) {
        LlamaPrompt prompt = textQa.with("query", synthesis.query());
        List<String> pieces = PromptPacking.repack(prompt, List.of(chunk), owner);
        CompletionStage<Reply> reply = CompletableFuture.completedFuture(null);
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            boolean lastPiece = last && i == pieces.size() - 1;
            reply = reply.thenCompose(current -> Reply.isEmpty(current)
                    ? ModelCalls.call(synthesis, prompt.format(Map.of("context", piece)), lastPiece, sink)
                    : refineOne(synthesis, current, piece, lastPiece, sink));
        }
        return reply;
    }

    private CompletionStage<Reply> refineOne(Synthesis synthesis, Reply answer, String chunk, boolean last, StreamSink sink) {
        LlamaPrompt prompt = refine.with("query", synthesis.query());
        List<String> pieces = PromptPacking.repack(prompt, List.of(chunk), owner);
        CompletionStage<Reply> reply = CompletableFuture.completedFuture(answer);
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            boolean lastPiece = last && i == pieces.size() - 1;
            reply = reply.thenCompose(current -> ModelCalls.call(synthesis,
                    prompt.format(Map.of("context", piece, "existingAnswer", current.text())), lastPiece, sink));
        }
        return reply;
    }
}
