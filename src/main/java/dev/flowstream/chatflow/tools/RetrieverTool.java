package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.support.ToolArguments;
import dev.flowstream.streaming.SourceDocument;
import dev.langchain4j.agent.tool.ToolSpecification;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Flowise's {@code retrieverTool}: a {@code retriever} (a vector store or the Lucene retriever)
 * offered to an agent as a tool named by {@code name} and described by {@code description}. The
 * model's {@code input} argument is the query; the output is the passages found, one after the
 * other. With {@code returnSourceDocuments} the passages also become the answer's source documents.
 *
 * <p>Threading: immutable; safe to call concurrently. Retrieval may block (an embedding call), so
 * it runs on the runtime's workers.
 */
final class RetrieverTool extends SpecifiedTool {

    static final String NAME = "retrieverTool";

    private final Retriever retriever;
    private final boolean returnSourceDocuments;
    private final Executor workers;

    private RetrieverTool(ToolSpecification specification, Retriever retriever, boolean returnSourceDocuments,
                          Executor workers) {
        super(specification);
        this.retriever = retriever;
        this.returnSourceDocuments = returnSourceDocuments;
        this.workers = workers;
    }

    static RetrieverTool load(ExportNode node, Wiring wiring) {
        Retriever retriever = wiring.required(node, "retriever", Role.RETRIEVER);
        Executor workers = wiring.runtime().workers();
        return new RetrieverTool(ToolInputs.specification(node, "what to search for"), retriever, node.inputs().flag("returnSourceDocuments", false), workers);
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        return callForSources(arguments, request).thenApply(Output::text);
    }

    @Override
    public CompletionStage<Output> callForSources(String arguments, FlowRequest request) {
        String query = ToolArguments.input(arguments);
        return CompletableFuture.supplyAsync(() -> retriever.retrieve(query), workers).thenApply(found -> {
            String text = found.stream().map(SourceDocument::pageContent).collect(Collectors.joining("\n\n"));
            return new Output(text, returnSourceDocuments ? found : List.of());
        });
    }
}
