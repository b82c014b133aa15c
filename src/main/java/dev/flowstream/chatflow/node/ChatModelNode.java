package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A chat-model node of any provider ({@code chatOpenAI}, {@code chatOllama}, ...), as chains and
 * agents see it.
 *
 * <p>Threading: implementations are immutable (a lazily built client aside) and safe to run
 * concurrently; {@link #stream} and {@link #round} return at once and call back from model threads.
 */
public interface ChatModelNode {

    /** What to do with a complete response of one {@link #round} (called on the model's thread). */
    @FunctionalInterface
    interface Ending {
        void complete(ChatResponse response);
    }

    /** The export's node id, for messages. */
    String id();

    /** The node's Flowise type, for messages. */
    String type();

    /** Flowise's {@code streaming} input: false makes the flow answer without events. */
    boolean streaming();

    /** What the model can do beyond answering: {@link Capability#TOOL_CALLING} makes {@link #round} work. */
    default Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    /**
     * Streams one answer to {@code messages}: start, tokens, {@code sources} when not empty, end.
     * The stage fails with a {@link ChatflowException}.
     */
    CompletionStage<FlowResult> stream(List<ChatMessage> messages, Map<String, Object> overrideConfig,
                                       StreamSink sink, List<SourceDocument> sources);

    /**
     * One round of an agent: streams the reply to {@code messages}, with {@code tools} offered, into
     * {@code answer}; a complete response goes to {@code ending}, a failure fails {@code answer}.
     * Only for models with {@link Capability#TOOL_CALLING}.
     */
    default void round(List<ChatMessage> messages, List<ToolSpecification> tools, Map<String, Object> overrideConfig,
                       AnswerStream answer, Ending ending) {
        answer.fail(new ChatflowException(ChatflowException.Kind.CONFIGURATION,
                "model " + id() + " cannot call tools, so no agent can use it"));
    }
}
