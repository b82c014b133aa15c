package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.streaming.SourceDocument;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flowise's {@code multiQueryRetriever} node, as LangChain's {@code MultiQueryRetriever}: its model
 * writes other versions of the question ({@code modelPrompt}, with {@code {question}}; by default
 * LangChain's prompt asking for 3 between {@code <questions>} tags), each line is searched in the
 * {@code vectorStore} (with the store's {@code topK}), and the union of the results comes out, each
 * document once, in the order first found. The tags are optional in the answer; an answer without
 * a question in it searches the question as asked, where LangChain would find nothing.
 *
 * <p>Threading: immutable; {@link #retrieve} blocks on the model and the store, so it runs on a
 * worker thread, and is safe concurrently.
 */
final class MultiQueryRetrieverNode implements Retriever {

    static final String NAME = "multiQueryRetriever";
    static final String DEFAULT_PROMPT = "You are an AI language model assistant. Your task is\nto generate 3 different "
            + "versions of the given user\nquestion to retrieve relevant documents from a vector database.\nBy generating "
            + "multiple perspectives on the user question,\nyour goal is to help the user overcome some of the limitations\n"
            + "of distance-based similarity search.\n\nProvide these alternative questions separated by newlines between "
            + "XML tags. For example:\n\n<questions>\nQuestion 1\nQuestion 2\nQuestion 3\n</questions>\n\n"
            + "Original question: {question}";
    private static final String OPEN = "<questions>";
    private static final String CLOSE = "</questions>";

    private final ExportNode node;
    private final ChatModelNode model;
    private final Retriever store;
    private final FString prompt;

    private MultiQueryRetrieverNode(ExportNode node, ChatModelNode model, Retriever store, FString prompt) {
        this.node = node;
        this.model = model;
        this.store = store;
        this.prompt = prompt;
    }

    static MultiQueryRetrieverNode load(ExportNode node, Wiring wiring) {
        Retriever store = wiring.required(node, "vectorStore", Role.VECTOR_STORE);
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        FString prompt = FString.parse(node.inputs().text("modelPrompt").orElse(DEFAULT_PROMPT));
        if (!prompt.variables().contains("question")) throw node.failure("input modelPrompt must contain {question}");
        return new MultiQueryRetrieverNode(node, model, store, prompt);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        String text = prompt.format(Map.of("question", query, "queryCount", "3"));
        List<String> queries = questions(InnerCall.ask(node, model, List.of(UserMessage.from(text))));
        Set<SourceDocument> union = new LinkedHashSet<>();
        for (String each : queries.isEmpty() ? List.of(query) : queries) union.addAll(store.retrieve(each));
        return new ArrayList<>(union);
    }

    /** The lines between the tags, or of the whole answer when a tag is missing, as LangChain reads them. */
    static List<String> questions(String answer) {
        int open = answer.indexOf(OPEN);
        int close = answer.indexOf(CLOSE);
        int from = open < 0 ? 0 : open + OPEN.length();
        int to = close < from ? answer.length() : close;
        return InnerCall.lines(answer.substring(from, to));
    }
}
