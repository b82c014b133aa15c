package dev.flowstream.prediction;

import dev.flowstream.chatflow.ChatTurn;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code POST /prediction/{id}} body (README, "HTTP API", request body). Immutable.
 *
 * @param sessionId the {@code overrideConfig.sessionId}, when the caller gave one
 */
public record PredictionRequest(String question, Optional<String> socketIOClientId, Optional<String> chatId,
                                Optional<String> sessionId, Map<String, Object> overrideConfig,
                                List<ChatTurn> history, boolean streaming) {
    public PredictionRequest {
        Objects.requireNonNull(question, "question");
        overrideConfig = Map.copyOf(overrideConfig);
        history = List.copyOf(history);
    }
}
