package dev.flowstream.chatflow.llms;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * What Flowise's text-completion LLMs ({@code huggingFaceInference_LLMs}, {@code replicate}) share
 * as chains see them: the chain's messages become one prompt, as LangChain hands a prompt to an LLM
 * (a lone user message as it is; more as {@code System:}/{@code Human:}/{@code AI:} lines), the
 * provider is called on the runtime's workers and its whole completion is the answer. Flowise
 * streams neither (only its OpenAI, Azure and Ollama LLMs stream), so {@link #streaming} is false
 * and a flow ending in one answers without events.
 *
 * <p>Threading: immutable; safe to run concurrently; a subclass's {@link #complete} blocks on a worker.
 */
abstract class CompletionModelNode implements ChatModelNode {

    private final ExportNode node;
    private final FlowRuntime runtime;

    CompletionModelNode(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.runtime = runtime;
    }

    /** The provider's completion of {@code prompt}; throws a {@link ChatflowException} naming the node. */
    abstract String complete(String prompt);

    @Override
    public final String id() {
        return node.id();
    }

    @Override
    public final String type() {
        return node.name();
    }

    @Override
    public final boolean streaming() {
        return false;
    }

    @Override
    public final CompletionStage<FlowResult> stream(List<ChatMessage> messages, Map<String, Object> overrideConfig,
                                                    StreamSink sink, List<SourceDocument> sources) {
        AnswerStream answer = new AnswerStream(sink);
        List<SourceDocument> kept = List.copyOf(sources);
        String prompt = prompt(messages);
        CompletableFuture.supplyAsync(() -> complete(prompt), runtime.workers()).whenComplete((text, error) -> {
            if (error != null) {
                answer.fail(failure(error));
                return;
            }
            answer.token(text);
            answer.complete(kept);
        });
        return answer.result();
    }

    final ExportNode node() {
        return node;
    }

    final FlowRuntime runtime() {
        return runtime;
    }

    static String prompt(List<ChatMessage> messages) {
        if (messages.size() == 1 && messages.get(0) instanceof UserMessage user && user.hasSingleText()) {
            return user.singleText();
        }
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : messages) {
            if (!prompt.isEmpty()) prompt.append('\n');
            if (message instanceof SystemMessage system) prompt.append("System: ").append(system.text());
            else if (message instanceof UserMessage user) prompt.append("Human: ").append(user.singleText());
            else if (message instanceof AiMessage ai) prompt.append("AI: ").append(ai.text());
        }
        return prompt.toString();
    }

    private ChatflowException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ChatflowException known) return known;
        return new ChatflowException(ChatflowException.Kind.PROVIDER, "model " + node.id() + " (" + node.name() + ") failed", cause);
    }
}
