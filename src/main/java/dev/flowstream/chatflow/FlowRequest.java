package dev.flowstream.chatflow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one prediction asks of a chatflow. {@code overrideConfig} replaces node inputs of the same
 * name; {@code history} seeds memory. Immutable.
 */
public record FlowRequest(String question, String chatId, Map<String, Object> overrideConfig,
                          List<ChatTurn> history) {
    public FlowRequest {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(chatId, "chatId");
        overrideConfig = Map.copyOf(overrideConfig);
        history = List.copyOf(history);
    }

    public static FlowRequest of(String question) {
        return new FlowRequest(question, java.util.UUID.randomUUID().toString(), Map.of(), List.of());
    }
}
