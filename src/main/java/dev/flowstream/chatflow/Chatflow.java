package dev.flowstream.chatflow;

import dev.flowstream.streaming.StreamSink;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A loaded, runnable chatflow.
 *
 * <p>Threading: immutable and safe to run concurrently. {@link #run} returns at once; the model
 * works on its own threads and calls {@code sink} from them. When the flow streams, the sink sees
 * {@code start}, every {@code token}, then {@code sourceDocuments}/{@code usedTools} when there are
 * any, then exactly one {@code end}; a failure after the first token gives {@code error} then
 * {@code end}. The returned stage completes after the last event was given to the sink, with the
 * result or with a {@link ChatflowException}.
 */
public interface Chatflow {

    String id();

    /** The flow's display name (the file name's stem when the export has none). */
    String name();

    /** Flowise's rule: the ending node is a chain or agent and every model in the flow can stream. */
    boolean streamable();

    CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink);

    /**
     * Flowise's upsert: the flow's document loaders (and splitters) read their documents, which its
     * vector stores embed and keep. The stage completes on a worker thread, with the result or a
     * {@link ChatflowException} ({@link ChatflowException.Kind#INPUT} when the flow has no vector store).
     *
     * @param overrideConfig replaces node inputs of the same name for this upsert, as for a prediction
     */
    CompletionStage<UpsertResult> upsert(Map<String, Object> overrideConfig);

    /**
     * The inputs the flow's document loaders read files from ({@code txtFile}, {@code pdfFile}, ...):
     * an upsert's uploaded files replace the loaders' files through these overrides.
     */
    Set<String> fileInputs();
}
