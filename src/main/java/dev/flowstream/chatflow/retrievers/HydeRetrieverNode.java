package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.streaming.SourceDocument;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code HydeRetriever} node (hypothetical document embeddings, as LangChain's
 * {@code HydeRetriever}): its model writes a passage that would answer the question, from the
 * prompt of {@code promptKey} ({@link HydePrompts}, {@code websearch} by default) or from
 * {@code customPrompt}, which must hold {@code {question}}; that passage, not the question, is
 * embedded and searched in the {@code vectorStore}, and its first {@code topK} (4) documents come
 * out. The store returns at most its own {@code topK}. A blank passage searches the question itself.
 *
 * <p>Threading: immutable; {@link #retrieve} blocks on the model and the store, so it runs on a
 * worker thread, and is safe concurrently.
 */
final class HydeRetrieverNode implements Retriever {

    static final String NAME = "HydeRetriever";

    private final ExportNode node;
    private final ChatModelNode model;
    private final Retriever store;
    private final FString prompt;
    private final int topK;

    private HydeRetrieverNode(ExportNode node, ChatModelNode model, Retriever store, FString prompt, int topK) {
        this.node = node;
        this.model = model;
        this.store = store;
        this.prompt = prompt;
        this.topK = topK;
    }

    static HydeRetrieverNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        Retriever store = wiring.required(node, "vectorStore", Role.VECTOR_STORE);
        int topK = node.inputs().integer("topK").orElse(4);
        if (topK < 1) throw node.failure("input topK must be 1 or more");
        return new HydeRetrieverNode(node, model, store, prompt(node), topK);
    }

    private static FString prompt(ExportNode node) {
        Optional<String> customPrompt = node.inputs().text("customPrompt");
        if (customPrompt.isPresent()) {
            FString custom = FString.parse(customPrompt.get());
            if (!custom.variables().equals(Set.of("question"))) {
                throw node.failure("input customPrompt must have {question} as its only variable");
            }
            return custom;
        }
        String key = node.inputs().text("promptKey").map(String::strip).orElse(HydePrompts.DEFAULT_KEY);
        return FString.parse(HydePrompts.template(key).orElseThrow(() -> node.failure("input promptKey must be one of "
                + String.join(", ", HydePrompts.keys()) + ", not " + key)));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        String text = prompt.format(Map.of("question", query));
        String passage = InnerCall.ask(node, model, List.of(UserMessage.from(text)));
        List<SourceDocument> found = store.retrieve(passage.isBlank() ? query : passage);
        return found.size() > topK ? List.copyOf(found.subList(0, topK)) : found;
    }
}
