package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.FlowRequest;

import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code queryEngineToolLlamaIndex} as a {@code subQuestionQueryEngine} uses it: a query
 * engine offered to the model under a name and a description, and asked one sub-question at a time.
 *
 * <p>Threading: implementations are immutable and asked concurrently.
 */
public interface QueryEngineTool {

    /** What the model calls the tool by in its sub-questions. */
    String name();

    /** What the model reads to choose the tool. */
    String description();

    /**
     * The engine's answer to {@code question}, streamed to no one.
     *
     * @param request the prediction the question belongs to (its chatId and overrides)
     */
    CompletionStage<String> query(String question, FlowRequest request);
}
