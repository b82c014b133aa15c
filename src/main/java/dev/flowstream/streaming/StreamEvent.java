package dev.flowstream.streaming;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a prediction's stream, as the socket.io client and the SSE client see it.
 * Immutable; safe to hand between threads.
 */
public sealed interface StreamEvent {

    /** The wire name of the event ({@code start}, {@code token}, ...). */
    String name();

    /**
     * The event's payload as JSON-shaped Java values (String, List, Map), or null for none:
     * what socket.io emits and what SSE puts in {@code data}.
     */
    Object data();

    /** A rough size of the encoded payload, for byte-bounded queues. */
    default long sizeHint() {
        return 32;
    }

    /** Sent once, before the first token; carries the first token as Flowise does. */
    record Start(String firstToken) implements StreamEvent {
        public Start { Objects.requireNonNull(firstToken, "firstToken"); }
        @Override public String name() { return "start"; }
        @Override public Object data() { return firstToken; }
        @Override public long sizeHint() { return 32 + 2L * firstToken.length(); }
    }

    /** One piece of the answer text; never empty. */
    record Token(String text) implements StreamEvent {
        public Token {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) throw new IllegalArgumentException("empty token");
        }
        @Override public String name() { return "token"; }
        @Override public Object data() { return text; }
        @Override public long sizeHint() { return 32 + 2L * text.length(); }
    }

    /** The documents a retrieval flow based its answer on. */
    record SourceDocuments(List<SourceDocument> documents) implements StreamEvent {
        public SourceDocuments { documents = List.copyOf(documents); }
        @Override public String name() { return "sourceDocuments"; }
        @Override public Object data() {
            return documents.stream().map(d -> Map.of("pageContent", d.pageContent(), "metadata", d.metadata())).toList();
        }
        @Override public long sizeHint() {
            return documents.stream().mapToLong(d -> 256 + 2L * d.pageContent().length()).sum();
        }
    }

    /** The tools an agent called. */
    record UsedTools(List<UsedTool> tools) implements StreamEvent {
        public UsedTools { tools = List.copyOf(tools); }
        @Override public String name() { return "usedTools"; }
        @Override public Object data() {
            return tools.stream().map(UsedTools::asMap).toList();
        }
        @Override public long sizeHint() {
            return tools.stream().mapToLong(t -> 256 + 2L * t.toolOutput().length()).sum();
        }
        private static Map<String, Object> asMap(UsedTool tool) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            map.put("tool", tool.tool());
            map.put("toolInput", tool.toolInput());
            map.put("toolOutput", tool.toolOutput());
            return map;
        }
    }

    /** The run failed after streaming began; the message is safe to show to a user. */
    record Error(String message) implements StreamEvent {
        public Error { Objects.requireNonNull(message, "message"); }
        @Override public String name() { return "error"; }
        @Override public Object data() { return message; }
    }

    /** Last event of every streamed prediction, exactly once. */
    record End() implements StreamEvent {
        @Override public String name() { return "end"; }
        @Override public Object data() { return null; }
    }

    /** The shared end event: it has no state. */
    End END = new End();
}
