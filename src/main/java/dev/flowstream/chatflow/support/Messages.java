package dev.flowstream.chatflow.support;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.ChatTurn;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;

/** A conversation as a chat model is sent it. Stateless. */
public final class Messages {

    private Messages() {
    }

    /** Each turn as a message: the user's as user messages, the assistant's as AI messages, in order. */
    public static List<ChatMessage> of(List<ChatTurn> history) {
        return history.stream()
                .map(turn -> turn.role() == ChatTurn.Role.USER
                        ? (ChatMessage) UserMessage.from(turn.message()) : AiMessage.from(turn.message()))
                .toList();
    }
}
