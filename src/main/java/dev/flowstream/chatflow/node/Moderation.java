package dev.flowstream.chatflow.node;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code Moderation}: a check a chain runs on the question before its model sees it
 * ({@code inputModerationSimple}, {@code inputModerationOpenAI}). A blocked question is answered
 * with the node's message instead ({@link ModeratedEnd}).
 *
 * <p>Threading: implementations are immutable and safe to call concurrently; {@link #refusal}
 * returns at once and completes on any thread.
 */
public interface Moderation {

    /**
     * The message to answer instead, when {@code question} is blocked; empty when it may go on.
     * The stage fails with a {@link dev.flowstream.chatflow.ChatflowException} when the check
     * itself cannot be made (the provider is down).
     */
    CompletionStage<Optional<String>> refusal(String question);
}
