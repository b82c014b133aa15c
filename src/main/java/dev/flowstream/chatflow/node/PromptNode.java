package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatTurn;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A prompt node ({@code promptTemplate}, {@code chatPromptTemplate}) as chains see it: the text
 * for one question, with the request's {@code overrideConfig} applied to the inputs it allows.
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
     * The prompt for one question; {@code history} fills {@code {{chat_history}}}.
     *
     * @throws ChatflowException when an override makes the prompt invalid
     */
    PromptText format(String question, List<ChatTurn> history, Map<String, Object> overrideConfig);
}
