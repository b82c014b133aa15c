package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

import java.util.Map;
import java.util.Optional;

/**
 * Flowise's {@code chatAnthropic}: Claude through Anthropic's Messages API, streamed. The key is
 * the node's {@code anthropicApiKey} input, the {@code anthropicApi} credential's field of that
 * name, or {@code ANTHROPIC_API_KEY}. Also reads {@code topP} and {@code topK}; {@code modelName},
 * {@code temperature} and {@code maxTokensToSample} may be overridden per request. Flowise has no
 * base-URL input here: Flowstream takes {@code basepath}, else {@code ANTHROPIC_BASE_URL} (the
 * variable Anthropic's own SDKs read), for gateways and tests. {@code chatAnthropic_LlamaIndex} is
 * the same model for Flowise's LlamaIndex nodes (no {@code topK} there), named as LlamaIndex names
 * them: {@code claude-3-haiku} (its default), {@code -sonnet} and {@code -opus} stand for their
 * dated versions.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class ChatAnthropicNode extends ProviderModelNode {

    static final String NAME = "chatAnthropic";
    static final String LLAMA_INDEX = "chatAnthropic_LlamaIndex";
    /** LlamaIndex's short names for the Claude 3 models. */
    private static final Map<String, String> LLAMA_INDEX_MODELS = Map.of("claude-3-opus", "claude-3-opus-20240229",
            "claude-3-sonnet", "claude-3-sonnet-20240229", "claude-3-haiku", "claude-3-haiku-20240307");
    private static final ApiKeys KEYS = new ApiKeys("anthropicApiKey", "anthropicApi", "ANTHROPIC_API_KEY");

    private final SamplingInputs sampling;
    private final Optional<String> baseUrl;

    private ChatAnthropicNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxTokensToSample"));
        NodeInputs in = node.inputs();
        this.sampling = node.name().equals(LLAMA_INDEX) ? llamaIndexSampling(in)
                : SamplingInputs.read(in, "claude-3-5-haiku-latest");
        this.baseUrl = in.text("basepath").map(String::trim).or(() -> runtime.env("ANTHROPIC_BASE_URL"));
    }

    static ChatAnthropicNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatAnthropicNode(node, runtime);
    }

    @Override
    StreamingChatModel build() {
        AnthropicStreamingChatModel.AnthropicStreamingChatModelBuilder builder = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(http())
                .apiKey(KEYS.require(node(), runtime()))
                .modelName(sampling.modelName())
                .timeout(timeout());
        baseUrl.ifPresent(builder::baseUrl);
        sampling.temperature().ifPresent(builder::temperature);
        sampling.topP().ifPresent(builder::topP);
        sampling.topK().ifPresent(builder::topK);
        maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }

    private static SamplingInputs llamaIndexSampling(NodeInputs in) {
        SamplingInputs read = SamplingInputs.read(in, "claude-3-haiku");
        return new SamplingInputs(LLAMA_INDEX_MODELS.getOrDefault(read.modelName(), read.modelName()), read.temperature(),
                read.topP(), Optional.empty());
    }
}
