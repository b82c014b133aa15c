package dev.flowstream.chatflow;

import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code llmChain} node: fills its prompt template with the question and streams the
 * model's answer. It keeps no memory (as in Flowise); {@code history} only reaches the prompt
 * through {@code {{chat_history}}}. An {@code outputParser} makes the flow unstreamable, as in
 * Flowise; {@code inputModeration} is not supported yet and fails the load.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
final class LlmChainNode implements FlowEnd {

    static final String NAME = "llmChain";

    private final ChatModelNode model;
    private final PromptTemplateNode prompt;
    private final boolean hasOutputParser;

    private LlmChainNode(ChatModelNode model, PromptTemplateNode prompt, boolean hasOutputParser) {
        this.model = model;
        this.prompt = prompt;
        this.hasOutputParser = hasOutputParser;
    }

    static LlmChainNode load(ExportNode node, ChatModelNode model, PromptTemplateNode prompt) {
        if (node.inputs().isSet("inputModeration")) {
            throw node.failure("uses inputModeration, which Flowstream does not support yet");
        }
        return new LlmChainNode(model, prompt, node.inputs().isSet("outputParser"));
    }

    @Override
    public boolean streamable() {
        return model.streaming() && !hasOutputParser;
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        String text = prompt.format(request.question(), request.history());
        return model.stream(List.of(UserMessage.from(text)), request.overrideConfig(), sink, List.of());
    }
}
