package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.PromptNode;
import dev.flowstream.chatflow.node.OutputParser;
import dev.flowstream.chatflow.node.TextOutput;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code llmChain} node: fills its prompt ({@code promptTemplate} or
 * {@code chatPromptTemplate}) with the question and streams the answer of any chat model. It keeps
 * no memory (as in Flowise); {@code history} only reaches the prompt through
 * {@code {{chat_history}}}. An {@code outputParser} makes the flow unstreamable, as in Flowise: its
 * format instructions join the prompt and the answer comes back parsed, as {@code json};
 * {@code inputModeration} checks the question first. Another node's
 * {@code promptValues} may take its answer (Flowise's Output Prediction): it then runs first, with
 * the request's question, and streams nothing.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
final class LlmChainNode implements FlowEnd, TextOutput {

    static final String NAME = "llmChain";

    private final ChatModelNode model;
    private final PromptNode prompt;
    private final Optional<OutputParser> outputParser;

    private LlmChainNode(ChatModelNode model, PromptNode prompt, Optional<OutputParser> outputParser) {
        this.model = model;
        this.prompt = prompt;
        this.outputParser = outputParser;
    }

    static LlmChainNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        PromptNode prompt = wiring.required(node, "prompt", Role.PROMPT);
        prompt.unfillable().ifPresent(problem -> {
            throw problem;
        });
        return new LlmChainNode(model, prompt, wiring.optional(node, "outputParser", Role.OUTPUT_PARSER));
    }

    @Override
    public boolean streamable() {
        return model.streaming() && outputParser.isEmpty();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        return prompt.format(request, request.history()).thenCompose(formatted -> {
            PromptNode.PromptText text = outputParser.map(parser -> parser.instruct(formatted)).orElse(formatted);
            List<ChatMessage> messages = new ArrayList<>();
            text.system().ifPresent(system -> messages.add(SystemMessage.from(system)));
            messages.add(UserMessage.from(text.human()));
            if (outputParser.isPresent()) return outputParser.get().answer(model, messages, request.overrideConfig());
            return model.stream(messages, request.overrideConfig(), sink, List.of());
        });
    }

    @Override
    public CompletionStage<String> text(FlowRequest request) {
        return run(request, StreamSink.NONE).thenApply(FlowResult::text);
    }
}
