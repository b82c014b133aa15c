package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.FlowRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A prompt node ({@code promptTemplate}, {@code chatPromptTemplate}, {@code fewShotPromptTemplate})
 * as chains see it: the text for one request, with its {@code overrideConfig} applied to the inputs
 * it allows. Filling it may first ask other nodes for their text ({@link TextOutput}), so it is
 * asynchronous.
 *
 * <p>Threading: implementations are immutable and safe to use concurrently.
 */
public interface PromptNode {

    /** The filled prompt: an optional system message and the human message. Immutable. */
    record PromptText(Optional<String> system, String human) {
        public PromptText {
            Objects.requireNonNull(system, "system");
            Objects.requireNonNull(human, "human");
        }
    }

    /**
     * The prompt for one request; {@code history} fills {@code {{chat_history}}}. The stage fails
     * with a {@code ChatflowException} when an override makes the prompt invalid or a node it takes
     * text from fails.
     */
    CompletionStage<PromptText> format(FlowRequest request, List<ChatTurn> history);

    /**
     * Why the prompt cannot be filled from a request (a template with several variables and no
     * values for them, which only a few-shot prompt's examples fill): the chain that sends it fails
     * its load with this. Empty when it can be filled.
     */
    default Optional<FlowLoadException> unfillable() {
        return Optional.empty();
    }
}
