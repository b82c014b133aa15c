package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.mistralai.MistralAiStreamingChatModel;

import java.util.Optional;

/**
 * Flowise's {@code chatMistralAI}: Mistral's chat API, streamed. The key is the node's
 * {@code mistralAIAPIKey} input, the {@code mistralAIApi} credential's field of that name, or
 * {@code MISTRAL_API_KEY}. {@code overrideEndpoint} is the server as Flowise's Mistral client takes
 * it ({@code https://api.mistral.ai}); {@code /v1} is added unless it already ends so. Also reads
 * {@code topP}, {@code randomSeed} and {@code safeMode}; {@code modelName}, {@code temperature}
 * and {@code maxOutputTokens} may be overridden per request.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class ChatMistralAiNode extends ProviderModelNode {

    static final String NAME = "chatMistralAI";
    private static final ApiKeys KEYS = new ApiKeys("mistralAIAPIKey", "mistralAIApi", "MISTRAL_API_KEY");

    private final String modelName;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final Optional<Integer> randomSeed;
    private final boolean safeMode;
    private final Optional<String> baseUrl;

    private ChatMistralAiNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxOutputTokens"));
        NodeInputs in = node.inputs();
        this.modelName = in.text("modelName").map(String::trim).orElse("mistral-small-latest");
        this.temperature = in.number("temperature");
        this.topP = in.number("topP");
        this.randomSeed = in.integer("randomSeed");
        this.safeMode = in.flag("safeMode", false);
        this.baseUrl = in.text("overrideEndpoint").map(ChatMistralAiNode::withVersion);
    }

    static ChatMistralAiNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatMistralAiNode(node, runtime);
    }

    @Override
    StreamingChatModel build() {
        MistralAiStreamingChatModel.MistralAiStreamingChatModelBuilder builder = MistralAiStreamingChatModel.builder()
                .httpClientBuilder(http())
                .apiKey(KEYS.require(node(), runtime()))
                .modelName(modelName)
                .safePrompt(safeMode)
                .timeout(timeout());
        baseUrl.ifPresent(builder::baseUrl);
        temperature.ifPresent(builder::temperature);
        topP.ifPresent(builder::topP);
        randomSeed.ifPresent(builder::randomSeed);
        maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }

    private static String withVersion(String endpoint) {
        String trimmed = endpoint.trim().replaceAll("/+$", "");
        return trimmed.endsWith("/v1") ? trimmed : trimmed + "/v1";
    }
}
