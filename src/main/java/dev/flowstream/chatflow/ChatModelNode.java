package dev.flowstream.chatflow;

import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A chat-model node of any provider ({@code chatOpenAI}, {@code chatOllama}, ...), as chains see it.
 *
 * <p>Threading: implementations are immutable (a lazily built client aside) and safe to run
 * concurrently; {@link #stream} returns at once and calls the sink from model threads.
 */
interface ChatModelNode {

    /** The export's node id, for messages. */
    String id();

    /** Flowise's {@code streaming} input: false makes the flow answer without events. */
    boolean streaming();

    /**
     * Streams one answer to {@code messages}: start, tokens, {@code sources} when not empty, end.
     * The stage fails with a {@link ChatflowException}.
     */
    CompletionStage<FlowResult> stream(List<ChatMessage> messages, Map<String, Object> overrideConfig,
                                       StreamSink sink, List<SourceDocument> sources);

    /** Whether agents can use this node: its model calls tools and {@link #round} is implemented. */
    default boolean callsTools() {
        return false;
    }

    /**
     * One round of an agent: streams the reply to {@code messages}, with {@code tools} offered, into
     * {@code answer}; a complete response goes to {@code ending}, a failure fails {@code answer}.
     * Returns at once; callbacks come from model threads.
     */
    default void round(List<ChatMessage> messages, List<ToolSpecification> tools, Map<String, Object> overrideConfig,
                       AnswerStream answer, ModelStreamHandler.Ending ending) {
        answer.fail(new ChatflowException(ChatflowException.Kind.CONFIGURATION,
                "model " + id() + " cannot call tools, so no agent can use it"));
    }
}
