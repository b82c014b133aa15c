package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flowise's {@code llmFilterRetriever} node, with LangChain's {@code LLMChainFilter}: the documents
 * of its {@code baseRetriever} for the question are each shown to the {@code model} with the
 * question, all at once, and only those it calls relevant ({@code YES}) come out, in their order.
 * An answer must say YES or NO as a word, either case, not both; any other answer fails the
 * question naming the node, as LangChain's boolean parser refuses it. (Flowise's node runs
 * LangChain's extractor, which rewrites each document; this one keeps documents whole.)
 *
 * <p>Threading: immutable; {@link #retrieve} blocks on the base retriever and the model, so it runs
 * on a worker thread, and is safe concurrently.
 */
final class LlmFilterRetrieverNode implements Retriever {

    static final String NAME = "llmFilterRetriever";
    private static final Pattern VERDICT = Pattern.compile("\\b(YES|NO)\\b", Pattern.CASE_INSENSITIVE);

    private final ExportNode node;
    private final Retriever base;
    private final ChatModelNode model;

    private LlmFilterRetrieverNode(ExportNode node, Retriever base, ChatModelNode model) {
        this.node = node;
        this.base = base;
        this.model = model;
    }

    static LlmFilterRetrieverNode load(ExportNode node, Wiring wiring) {
        Retriever base = wiring.required(node, "baseRetriever", Role.RETRIEVER);
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        return new LlmFilterRetrieverNode(node, base, model);
    }

    /** LangChain's {@code LLMChainFilter} prompt for one document. */
    static String prompt(String question, String context) {
        return "Given the following question and context, return YES if the context is relevant to the question and NO if "
                + "it isn't.\n\n> Question: " + question + "\n> Context:\n>>>\n" + context + "\n>>>\n> Relevant (YES / NO):";
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<SourceDocument> documents = base.retrieve(query);
        List<CompletableFuture<String>> verdicts = documents.stream()
                .map(document -> InnerCall.start(model, List.of(UserMessage.from(prompt(query, document.pageContent())))))
                .toList();
        List<SourceDocument> relevant = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            if (relevant(InnerCall.await(node, verdicts.get(i)))) relevant.add(documents.get(i));
        }
        return relevant;
    }

    private boolean relevant(String answer) {
        Matcher words = VERDICT.matcher(answer);
        boolean yes = false;
        boolean no = false;
        while (words.find()) {
            if (words.group(1).equalsIgnoreCase("YES")) yes = true;
            else no = true;
        }
        if (yes == no) {
            throw new ChatflowException(ChatflowException.Kind.CHAIN, "node " + node.id() + " (" + NAME + "): the model's "
                    + "answer to whether a document is relevant is not YES or NO");
        }
        return yes;
    }
}
