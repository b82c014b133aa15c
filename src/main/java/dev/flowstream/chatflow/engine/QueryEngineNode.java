package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.IndexRetriever;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.node.ResponseSynthesizer.Synthesis;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.llamaindex.CompactAndRefine;
import dev.flowstream.chatflow.support.llamaindex.TextNodes;
import dev.flowstream.chatflow.support.llamaindex.Tokens;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Flowise's {@code queryEngine} node, LlamaIndex's retriever query engine: the passages its
 * {@code vectorStoreRetriever} finds for the question, answered by its {@code responseSynthesizer}
 * (compact and refine with LlamaIndex's prompts when none is connected) with the chat model of the
 * retriever (Flowise's engine has no model of its own). With {@code returnSourceDocuments} the
 * passages follow the answer as {@code sourceDocuments}. No memory: each question stands alone.
 * A {@code queryEngineToolLlamaIndex} may ask it too.
 *
 * <p>Threading: immutable; safe to run concurrently; retrieval runs on the flow's workers.
 */
final class QueryEngineNode implements FlowEnd {

    static final String NAME = "queryEngine";

    private final IndexRetriever retriever;
    private final ChatModelNode model;
    private final ResponseSynthesizer synthesizer;
    private final boolean returnSources;
    private final Executor workers;

    private QueryEngineNode(IndexRetriever retriever, ChatModelNode model, ResponseSynthesizer synthesizer,
                            boolean returnSources, Executor workers) {
        this.retriever = retriever;
        this.model = model;
        this.synthesizer = synthesizer;
        this.returnSources = returnSources;
        this.workers = workers;
    }

    static QueryEngineNode load(ExportNode node, Wiring wiring) {
        IndexRetriever retriever = wiring.required(node, "vectorStoreRetriever", Role.INDEX_RETRIEVER);
        ChatModelNode model = retriever.model().orElseThrow(() -> node.failure("answers with the chat model of its "
                + "vectorStoreRetriever, and " + retriever.id() + " has none: connect one to its model input"));
        ResponseSynthesizer synthesizer = wiring.optional(node, "responseSynthesizer", Role.RESPONSE_SYNTHESIZER)
                .orElseGet(() -> CompactAndRefine.defaults(EngineNodes.owner(node)));
        Tokens.preload(wiring.runtime().workers());
        return new QueryEngineNode(retriever, model, synthesizer, node.inputs().flag("returnSourceDocuments", false),
                wiring.runtime().workers());
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        return retriever.retrieveOn(workers, request.question())
                .thenCompose(documents -> synthesizer.synthesize(synthesis(request, documents), sink));
    }

    private Synthesis synthesis(FlowRequest request, List<SourceDocument> documents) {
        return new Synthesis(model, request.question(), documents.stream().map(TextNodes::content).toList(),
                returnSources ? documents : List.of(), request.overrideConfig());
    }
}
