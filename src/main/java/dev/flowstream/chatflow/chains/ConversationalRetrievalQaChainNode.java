package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.MemoryNode;
import dev.flowstream.chatflow.support.Messages;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Flowise's {@code conversationalRetrievalQAChain} node. With a conversation so far, its model
 * first rephrases the question into a standalone one ({@code rephrasePrompt}, with
 * {@code {chat_history}} and {@code {question}}); that inner call streams nothing. The standalone
 * question finds the documents, and the answer to the question as asked is streamed, with the
 * documents in the system message ({@code responsePrompt}, with {@code {context}}) and the
 * conversation before the question. With {@code returnSourceDocuments} the documents follow the
 * tokens as {@code sourceDocuments}. The conversation comes from its {@code memory} (written only
 * after a successful answer) or, without one, from the request's {@code history}. Empty prompts
 * take Flowise's defaults.
 *
 * <p>Threading: immutable; safe to run concurrently (the memory is thread-safe); retrieval runs on
 * the flow's workers.
 */
final class ConversationalRetrievalQaChainNode implements FlowEnd {

    static final String NAME = "conversationalRetrievalQAChain";
    static final String REPHRASE = "Given the following conversation and a follow up question, rephrase the follow up "
            + "question to be a standalone question.\n\nChat History:\n{chat_history}\nFollow Up Input: {question}\n"
            + "Standalone Question:";
    static final String RESPONSE = "I want you to act as a document that I am having a conversation with. Your name "
            + "is \"AI Assistant\". Using the provided context, answer the user's question to the best of your ability "
            + "using the resources provided.\nIf there is nothing in the context relevant to the question at hand, just "
            + "say \"Hmm, I'm not sure\" and stop after that. Refuse to answer any question not about the info. Never "
            + "break character.\n------------\n{context}\n------------\nREMEMBER: If there is no relevant information "
            + "within the context, just say \"Hmm, I'm not sure\". Don't try to make up an answer. Never break character.";

    /** The node's settings, read at load. */
    private record Config(FString rephrase, FString response, boolean returnSources) {
    }

    private final ChatModelNode model;
    private final Retriever retriever;
    private final Optional<MemoryNode> memory;
    private final Config config;
    private final Executor workers;

    private ConversationalRetrievalQaChainNode(ChatModelNode model, Retriever retriever, Optional<MemoryNode> memory,
                                               Config config, Executor workers) {
        this.model = model;
        this.retriever = retriever;
        this.memory = memory;
        this.config = config;
        this.workers = workers;
    }

    static ConversationalRetrievalQaChainNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        Retriever retriever = wiring.required(node, "vectorStoreRetriever", Role.RETRIEVER);
        Optional<MemoryNode> memory = wiring.optional(node, "memory", Role.MEMORY);
        Executor workers = wiring.runtime().workers();
        NodeInputs in = node.inputs();
        Config config = new Config(FString.parse(in.text("rephrasePrompt").orElse(REPHRASE)),
                FString.parse(in.text("responsePrompt").orElse(RESPONSE)), in.flag("returnSourceDocuments", false));
        return new ConversationalRetrievalQaChainNode(model, retriever, memory, config, workers);
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        List<ChatTurn> history = memory.map(m -> m.history(request)).orElse(request.history());
        return standalone(request, history)
                .thenCompose(question -> retriever.retrieveOn(workers, question))
                .thenCompose(documents -> model.stream(answerMessages(request.question(), history, documents),
                        request.overrideConfig(), sink, config.returnSources() ? documents : List.of()))
                .thenApply(result -> {
                    memory.ifPresent(m -> m.remember(request, result.text()));
                    return result;
                });
    }

    /** The question as the retriever should see it; an inner model call that streams to no one. */
    private CompletionStage<String> standalone(FlowRequest request, List<ChatTurn> history) {
        if (history.isEmpty()) return CompletableFuture.completedFuture(request.question());
        String prompt = config.rephrase().format(Map.of("chat_history", transcript(history), "question", request.question()));
        return model.stream(List.of(UserMessage.from(prompt)), request.overrideConfig(), StreamSink.NONE, List.of())
                .thenApply(result -> result.text().isBlank() ? request.question() : result.text().strip());
    }

    private List<ChatMessage> answerMessages(String question, List<ChatTurn> history, List<SourceDocument> documents) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(config.response().format(Map.of("context", Retriever.context(documents)))));
        messages.addAll(Messages.of(history));
        messages.add(UserMessage.from(question));
        return messages;
    }

    /** LangChain's buffer string: one {@code Human:} or {@code AI:} line per turn. */
    private static String transcript(List<ChatTurn> history) {
        return history.stream()
                .map(turn -> (turn.role() == ChatTurn.Role.USER ? "Human: " : "AI: ") + turn.message())
                .collect(Collectors.joining("\n"));
    }
}
