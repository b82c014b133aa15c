package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * How a LlamaIndex query engine turns the passages it found into an answer (Flowise's
 * {@code responsesynthesizer} nodes: compact and refine, refine, tree summarize, simple). Only the
 * last model call of an answer streams; the calls before it stream to no one.
 *
 * <p>Threading: implementations are immutable and safe to run concurrently; {@link #synthesize}
 * returns at once and completes on model threads.
 */
public interface ResponseSynthesizer {

    /**
     * What one answer is made of: the model that writes it, the query, the passages' texts in
     * order, the documents to return as sources once the answer has streamed, the request's overrides.
     */
    record Synthesis(ChatModelNode model, String query, List<String> chunks, List<SourceDocument> sources,
                     Map<String, Object> overrideConfig) {
        public Synthesis {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(query, "query");
            chunks = List.copyOf(chunks);
            sources = List.copyOf(sources);
            overrideConfig = Map.copyOf(overrideConfig);
        }
    }

    /**
     * Streams the answer to {@code sink}, then the sources.
     * The stage fails with a {@link dev.flowstream.chatflow.ChatflowException}.
     */
    CompletionStage<FlowResult> synthesize(Synthesis synthesis, StreamSink sink);
}
