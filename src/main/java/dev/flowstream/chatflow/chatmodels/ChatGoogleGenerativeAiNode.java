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

    private final String modelName;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final Optional<Integer> topK;
    private final Optional<String> baseUrl;

    private ChatGoogleGenerativeAiNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxOutputTokens"));
        NodeInputs in = node.inputs();
        this.modelName = in.text("modelName").map(String::trim).orElse("gemini-2.0-flash");
        this.temperature = in.number("temperature");
        this.topP = in.number("topP");
        this.topK = in.integer("topK");
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
                        .modelName(modelName)
                        .timeout(timeout());
        baseUrl.ifPresent(builder::baseUrl);
        temperature.ifPresent(builder::temperature);
        topP.ifPresent(builder::topP);
        topK.ifPresent(builder::topK);
        maxTokens().ifPresent(builder::maxOutputTokens);
        return builder.build();
    }
}
