package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.NamedRetriever;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Flowise's {@code multiRetrievalQAChain} node, as LangChain's {@code MultiRetrievalQAChain} runs:
 * its model first chooses one of the {@code vectorStoreRetriever}s by their names and descriptions
 * ({@link RetrieverRouter}; that call streams nothing), then the chosen retriever's documents for
 * the router's query answer it as {@code retrievalQAChain} does, streamed, with the documents as
 * {@code sourceDocuments} when {@code returnSourceDocuments} is set. When the router names no
 * retriever ({@code DEFAULT}), the model answers the query in LangChain's default conversation
 * prompt, without documents; a name that is none of the retrievers fails the run, as in LangChain.
 * Names must differ; {@code inputModeration} checks the question first.
 *
 * <p>Threading: immutable; safe to run concurrently; retrieval runs on the flow's workers.
 */
final class MultiRetrievalQaChainNode implements FlowEnd {

    static final String NAME = "multiRetrievalQAChain";
    static final String DEFAULT_PROMPT = ConversationChainNode.DEFAULT_SYSTEM + "\n\nCurrent conversation:\n\nHuman: ";

    private final ExportNode node;
    private final ChatModelNode model;
    private final Map<String, Retriever> retrievers;
    private final RetrieverRouter router;
    private final boolean returnSources;
    private final Executor workers;

    private MultiRetrievalQaChainNode(ExportNode node, ChatModelNode model, List<NamedRetriever> named,
                                      boolean returnSources, Executor workers) {
        this.node = node;
        this.model = model;
        this.retrievers = new LinkedHashMap<>();
        named.forEach(retriever -> retrievers.put(retriever.name(), retriever.retriever()));
        this.router = new RetrieverRouter(node, named);
        this.returnSources = returnSources;
        this.workers = workers;
    }

    static MultiRetrievalQaChainNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        List<NamedRetriever> named = wiring.all(node, "vectorStoreRetriever", Role.NAMED_RETRIEVER);
        if (named.isEmpty()) throw node.failure("needs a vectorStoreRetriever connected to its vectorStoreRetriever input");
        Set<String> names = new HashSet<>();
        for (NamedRetriever retriever : named) {
            if (!names.add(retriever.name())) throw node.failure("has two retrievers named " + retriever.name());
        }
        boolean returnSources = node.inputs().flag("returnSourceDocuments", false);
        return new MultiRetrievalQaChainNode(node, model, named, returnSources, wiring.runtime().workers());
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        Map<String, Object> overrides = request.overrideConfig();
        return model.stream(List.of(UserMessage.from(router.prompt(request.question()))), overrides, StreamSink.NONE, List.of())
                .thenCompose(routing -> answer(router.route(routing.text()), overrides, sink));
    }

    private CompletionStage<FlowResult> answer(RetrieverRouter.Route route, Map<String, Object> overrides, StreamSink sink) {
        if (route.destination().isEmpty()) {
            return model.stream(List.of(UserMessage.from(DEFAULT_PROMPT + route.query() + "\nAI:")), overrides, sink, List.of());
        }
        Retriever retriever = retrievers.get(route.destination().get());
        if (retriever == null) {
            return CompletableFuture.failedFuture(new ChatflowException(ChatflowException.Kind.CHAIN, "node " + node.id() + " ("
                    + NAME + "): the model chose " + route.destination().get() + ", which is none of its retrievers ("
                    + String.join(", ", retrievers.keySet()) + ")"));
        }
        return retriever.retrieveOn(workers, route.query()).thenCompose(documents -> model.stream(
                List.of(SystemMessage.from(RetrievalQaChainNode.SYSTEM + Retriever.context(documents)), UserMessage.from(route.query())),
                overrides, sink, returnSources ? documents : List.<SourceDocument>of()));
    }
}
