package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.node.ResponseSynthesizer.Synthesis;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The model calls of a synthesis, as LlamaIndex's {@code llm.complete(prompt)} makes them: the
 * prompt as the one user message. Every call but the answer's last streams to no one; an answer
 * whose text is known without a last call (LlamaIndex's {@code "Empty Response"}, say) is streamed
 * as one token. Stateless.
 */
final class ModelCalls {

    /** LlamaIndex's answer when there was no passage to answer from. */
    static final String EMPTY_RESPONSE = "Empty Response";

    /** A reply so far: its text, and the delivered answer when it came from the streamed last call. */
    record Reply(String text, Optional<FlowResult> delivered) {
        /** JavaScript's falsy reply: none yet, or an empty text that was not streamed. */
        static boolean isEmpty(Reply reply) {
            return reply == null || (reply.delivered().isEmpty() && reply.text().isEmpty());
        }
    }

    private ModelCalls() {
    }

    /** One call; the last of an answer streams to {@code sink} and ends with the sources. */
    static CompletionStage<Reply> call(Synthesis synthesis, String prompt, boolean last, StreamSink sink) {
        if (last) {
            return synthesis.model().stream(List.of(UserMessage.from(prompt)), synthesis.overrideConfig(), sink,
                    synthesis.sources()).thenApply(result -> new Reply(result.text(), Optional.of(result)));
        }
        return synthesis.model().stream(List.of(UserMessage.from(prompt)), synthesis.overrideConfig(), StreamSink.NONE,
                List.of()).thenApply(result -> new Reply(result.text(), Optional.empty()));
    }

    /** The answer of a finished synthesis: as streamed, else its text as one token, else {@link #EMPTY_RESPONSE}. */
    static CompletionStage<FlowResult> answer(Reply reply, Synthesis synthesis, StreamSink sink) {
        if (reply != null && reply.delivered().isPresent()) return CompletableFuture.completedFuture(reply.delivered().get());
        AnswerStream answer = new AnswerStream(sink);
        try {
            answer.token(reply == null ? EMPTY_RESPONSE : reply.text());
            answer.complete(synthesis.sources());
        } catch (RuntimeException e) {
            answer.fail(new ChatflowException(ChatflowException.Kind.CHAIN, "Flowstream failed while streaming an answer", e));
        }
        return answer.result();
    }
}
