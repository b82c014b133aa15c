package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;

import java.util.Optional;

/**
 * Flowise's {@code chatGoogleGenerativeAI}: Gemini through the Gemini API
 * ({@code streamGenerateContent?alt=sse}). The key is the node's {@code googleGenerativeAPIKey}
 * input, the {@code googleGenerativeAI} credential's field of that name, or {@code GOOGLE_API_KEY}.
 * {@code baseUrl} replaces {@code https://generativelanguage.googleapis.com/v1beta} (a gateway).
 * Also reads {@code topP} and {@code topK}; {@code modelName}, {@code temperature} and
 * {@code maxOutputTokens} may be overridden per request.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class ChatGoogleGenerativeAiNode extends ProviderModelNode {

    static final String NAME = "chatGoogleGenerativeAI";
    private static final ApiKeys KEYS = new ApiKeys("googleGenerativeAPIKey", "googleGenerativeAI", "GOOGLE_API_KEY");

    private final SamplingInputs sampling;
    private final Optional<String> baseUrl;

    private ChatGoogleGenerativeAiNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxOutputTokens"));
        NodeInputs in = node.inputs();
        this.sampling = SamplingInputs.read(in, "gemini-2.0-flash");
        this.baseUrl = in.text("baseUrl").map(String::trim);
    }

    static ChatGoogleGenerativeAiNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatGoogleGenerativeAiNode(node, runtime);
    }

    @Override
    StreamingChatModel build() {
        GoogleAiGeminiStreamingChatModel.GoogleAiGeminiStreamingChatModelBuilder builder =
                GoogleAiGeminiStreamingChatModel.builder()
                        .httpClientBuilder(http())
                        .apiKey(KEYS.require(node(), runtime()))
                        .modelName(sampling.modelName())
                        .timeout(timeout());
        baseUrl.ifPresent(builder::baseUrl);
        sampling.temperature().ifPresent(builder::temperature);
        sampling.topP().ifPresent(builder::topP);
        sampling.topK().ifPresent(builder::topK);
        maxTokens().ifPresent(builder::maxOutputTokens);
        return builder.build();
    }
}
