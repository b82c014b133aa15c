package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.streaming.StreamSink;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * LlamaIndex's {@code SimpleResponseBuilder}: every passage, joined by blank lines, in one
 * question-answering prompt (LlamaIndex's own), one streamed model call. Nothing is cut to fit:
 * passages beyond the model's window are the model's to refuse.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
public final class SimpleResponseBuilder implements ResponseSynthesizer {

    @Override
    public CompletionStage<FlowResult> synthesize(Synthesis synthesis, StreamSink sink) {
        String prompt = LlamaPrompt.TEXT_QA.format(Map.of("context", String.join("\n\n", synthesis.chunks()),
                "query", synthesis.query()));
        return ModelCalls.call(synthesis, prompt, true, sink).thenCompose(reply -> ModelCalls.answer(reply, synthesis, sink));
    }
}
