package dev.flowstream.chatflow;

import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
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
}
