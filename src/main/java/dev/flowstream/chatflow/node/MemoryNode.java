package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.FlowRequest;

import java.util.List;

/**
 * A memory node ({@code bufferMemory}, {@code bufferWindowMemory}, {@code RedisBackedChatMemory}) as chains and agents use it: the
 * conversation of a request's chatId, and the record of each successful exchange.
 *
 * <p>Threading: implementations are thread-safe.
 */
public interface MemoryNode {

    /** The conversation a chain sees for this request (a new chatId starts from the request's history). */
    List<ChatTurn> history(FlowRequest request);

    /** Records one successful exchange; chains call it only after the answer succeeded. */
    void remember(FlowRequest request, String answer);
}
