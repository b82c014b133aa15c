package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.FlowRequest;

import java.util.concurrent.CompletionStage;

/**
 * A node whose output another node's {@code promptValues} may take as text
 * ({@code "{{llmChain_0.data.instance}}"}): an {@code llmChain}'s Output Prediction (its answer to
 * the request's question, not streamed), a document loader's Text (its documents' text, each
 * followed by a line break). Asked once per request by each prompt that references it.
 *
 * <p>Threading: implementations are safe to call concurrently; the stage completes on any thread
 * and fails with a {@code ChatflowException}.
 */
public interface TextOutput {

    CompletionStage<String> text(FlowRequest request);
}
