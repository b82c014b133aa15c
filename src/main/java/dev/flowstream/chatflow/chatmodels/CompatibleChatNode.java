package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.BaseOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Flowise's chat models whose providers speak OpenAI's chat completions API ({@link CompatibleProvider}):
 * one adapter, many names. The model comes from the provider's model input (its default when
 * Flowise has one, else it is required), {@code temperature}, {@code topP} and {@code maxTokens}
 * as for {@code chatOpenAI}, the headers of {@code baseOptions} where the node has it; the address
 * from the node's {@code basepath}/{@code basePath} (required for the servers users run: LocalAI,
 * LiteLLM), else the provider's. A missing key fails the prediction naming where to set it.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class CompatibleChatNode extends ProviderModelNode {

    static final String GROQ = "groqChat";
    static final String DEEPSEEK = "chatDeepseek";
    static final String OPEN_ROUTER = "chatOpenRouter";
    static final String TOGETHER = "chatTogetherAI";
    static final String FIREWORKS = "chatFireworks";
    static final String CEREBRAS = "chatCerebras";
    static final String SAMBANOVA = "chatSambanova";
    static final String XAI = "chatXAI";
    static final String PERPLEXITY = "chatPerplexity";
    static final String LOCAL_AI = "chatLocalAI";
    static final String LITELLM = "chatLitellm";

    private final CompatibleProvider provider;
    private final String modelName;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final String baseUrl;
    private final Map<String, String> headers;

    private CompatibleChatNode(ExportNode node, FlowRuntime runtime, CompatibleProvider provider) {
        super(node, runtime, Optional.of("maxTokens"));
        NodeInputs in = node.inputs();
        this.provider = provider;
        this.modelName = in.text(provider.modelInput()).map(String::trim).or(provider::defaultModel)
                .orElseThrow(() -> node.failure("needs a model in its " + provider.modelInput() + " input"));
        this.temperature = in.number("temperature");
        this.topP = in.number("topP");
        Optional<String> given = provider.baseInputs().stream().flatMap(input -> in.text(input).map(String::trim).stream()).findFirst();
        this.baseUrl = given.or(provider::defaultBase)
                .orElseThrow(() -> node.failure("needs its server's address in its " + provider.baseInputs().get(0) + " input"));
        URI address = URI.create(baseUrl.replace(" ", "%20"));
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null) {
            throw node.failure("input " + provider.baseInputs().get(0) + " must be an http or https address, not " + baseUrl);
        }
        this.headers = BaseOptions.headers(node);
    }

    static CompatibleChatNode load(ExportNode node, Wiring wiring) {
        return load(node, wiring.runtime());
    }

    static CompatibleChatNode load(ExportNode node, FlowRuntime runtime) {
        CompatibleProvider provider = CompatibleProvider.ALL.stream().filter(candidate -> candidate.name().equals(node.name()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no OpenAI-compatible provider " + node.name()));
        return new CompatibleChatNode(node, runtime, provider);
    }

    @Override
    StreamingChatModel build() {
        // LangChain4j insists on a key; the servers users run often take none
        String apiKey = provider.keyRequired() ? provider.key().require(node(), runtime())
                : provider.key().find(node(), runtime()).orElse("none");
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(http())
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(modelName)
                .timeout(timeout());
        if (!headers.isEmpty()) builder.customHeaders(headers);
        temperature.ifPresent(builder::temperature);
        topP.ifPresent(builder::topP);
        maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }
}
