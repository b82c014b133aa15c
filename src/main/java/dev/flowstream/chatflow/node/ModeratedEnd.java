package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A chain or agent with Flowise's {@code inputModeration}: each moderation checks the question in
 * order; the first that blocks it makes its message the answer (one token when the flow streams, as
 * Flowise streams it) and the chain is not run, so the question never reaches the model. A
 * moderation that cannot check (its provider is down) fails the run with its own error.
 *
 * As another node's text (an {@code llmChain}'s Output Prediction), a blocked question gives the message.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
public final class ModeratedEnd implements FlowEnd, TextOutput {

    /** The input every moderated Flowise chain and agent names its moderations by. */
    public static final String INPUT = "inputModeration";

    private final List<Moderation> moderations;
    private final FlowEnd chain;

    private ModeratedEnd(List<Moderation> moderations, FlowEnd chain) {
        this.moderations = List.copyOf(moderations);
        this.chain = chain;
    }

    /** {@code chain} behind the moderations its node's {@code inputModeration} lists; itself when there are none. */
    public static FlowEnd wrap(ExportNode node, Wiring wiring, FlowEnd chain) {
        List<Moderation> moderations = wiring.all(node, INPUT, Role.MODERATION);
        return moderations.isEmpty() ? chain : new ModeratedEnd(moderations, chain);
    }

    /** A moderated {@code llmChain}'s answer as another node's text: a blocked question gives the message. */
    @Override
    public CompletionStage<String> text(FlowRequest request) {
        if (!(chain instanceof TextOutput output)) {
            throw new IllegalStateException(chain.getClass().getName() + " gives no text");
        }
        return check(request.question(), 0).thenCompose(refusal -> refusal
                .<CompletionStage<String>>map(java.util.concurrent.CompletableFuture::completedFuture)
                .orElseGet(() -> output.text(request)));
    }

    @Override
    public boolean streamable() {
        return chain.streamable();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        return check(request.question(), 0).thenCompose(refusal -> refusal
                .map(message -> answer(message, sink))
                .orElseGet(() -> chain.run(request, sink)));
    }

    @Override
    public void close() {
        chain.close();
    }

    private CompletionStage<Optional<String>> check(String question, int index) {
        if (index == moderations.size()) return CompletableFuture.completedFuture(Optional.empty());
        CompletionStage<Optional<String>> refusal;
        try {
            refusal = moderations.get(index).refusal(question);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        return refusal.thenCompose(found -> found.isPresent()
                ? CompletableFuture.completedFuture(found) : check(question, index + 1));
    }

    private static CompletionStage<FlowResult> answer(String message, StreamSink sink) {
        AnswerStream answer = new AnswerStream(sink);
        answer.token(message);
        answer.complete(List.of());
        return answer.result();
    }
}
