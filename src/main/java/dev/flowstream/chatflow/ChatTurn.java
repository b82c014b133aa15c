package dev.flowstream.chatflow;

import dev.flowstream.chatflow.node.Role;
import java.util.Objects;

/** One earlier message of a conversation, as given in a request's {@code history}. Immutable. */
public record ChatTurn(Role role, String message) {

    public enum Role { USER, ASSISTANT }

    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(message, "message");
    }
}
