package dev.flowstream.chatflow.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layout Flowise's Redis-backed memory gives a conversation: one list per session, keyed by
 * the bare session id, newest message first ({@code LPUSH}), each entry a LangChain stored message
 * as JSON ({@code {"type":"human"|"ai","data":{"content":...}}}). Pure conversion, no I/O.
 *
 * <p>Threading: stateless; safe from any thread.
 */
final class RedisHistory {

    private RedisHistory() {
    }

    /** The JSON entry Flowise writes for one turn. */
    static String entry(ChatTurn turn) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("content", turn.message());
        data.putObject("additional_kwargs");
        data.putObject("response_metadata");
        if (turn.role() == ChatTurn.Role.ASSISTANT) {
            data.putArray("tool_calls");
            data.putArray("invalid_tool_calls");
        }
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("type", turn.role() == ChatTurn.Role.USER ? "human" : "ai");
        message.set("data", data);
        try {
            return Json.writer().writeValueAsString(message);
        } catch (IOException e) {
            throw new IllegalStateException("a stored message could not be written as JSON", e);
        }
    }

    /**
     * The conversation, oldest first, from the list as Redis returns it (newest first). Entries of
     * other kinds (system or tool messages another writer left) have no place in a chain's history
     * here and are skipped; an entry that is not a stored message fails naming the key.
     */
    static List<ChatTurn> turns(List<String> newestFirst, String who, String key) {
        List<ChatTurn> turns = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            parse(newestFirst.get(i), who, key).ifPresent(turns::add);
        }
        return turns;
    }

    private static Optional<ChatTurn> parse(String entry, String who, String key) {
        JsonNode message;
        try {
            message = Json.reader().readTree(entry);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || !message.path("type").isTextual() || !message.path("data").path("content").isTextual()) {
            throw new ChatflowException(Kind.CHAIN, who + ": the Redis list " + key
                    + " holds an entry that is not a stored chat message ({\"type\", \"data\": {\"content\"}})");
        }
        String content = message.path("data").path("content").asText();
        return switch (message.path("type").asText()) {
            case "human", "user" -> Optional.of(new ChatTurn(ChatTurn.Role.USER, content));
            case "ai", "assistant" -> Optional.of(new ChatTurn(ChatTurn.Role.ASSISTANT, content));
            default -> Optional.empty();
        };
    }
}
