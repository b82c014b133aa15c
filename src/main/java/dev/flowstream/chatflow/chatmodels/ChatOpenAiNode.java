package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code chatOpenAI} node: any OpenAI-compatible chat server ({@code basepath}), streamed
 * through LangChain4j. The API key is the node's {@code openAIApiKey} input, else the
 * {@code openAIApiKey} field of the credential its {@code credential} input names in
 * {@code credentials.json} (by default Flowise's {@code openAIApi}), else the environment's
 * {@code OPENAI_API_KEY}; a server named by {@code basepath} may need none. A missing key fails the
 * prediction, not the load, so a catalog with an unconfigured flow still starts.
 * {@code modelName}, {@code temperature} and {@code maxTokens} may be overridden per request;
 * {@code topP} is sent when set. Agents may use it: tool calling is tested against it.
 * {@code chatOpenAI_LlamaIndex} is the same model for Flowise's LlamaIndex nodes, with the inputs
 * its definition has (those above but {@code baseOptions}) and LlamaIndex's default model.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
class ChatOpenAiNode extends ProviderModelNode {

    static final String NAME = "chatOpenAI";
    static final String LLAMA_INDEX = "chatOpenAI_LlamaIndex";

    private final String modelName;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final Optional<String> basepath;

    ChatOpenAiNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxTokens"));
        NodeInputs in = node.inputs();
        this.modelName = in.text("modelName").map(String::trim)
                .orElse(node.name().equals(LLAMA_INDEX) ? "gpt-3.5-turbo" : "gpt-4o-mini");
        this.temperature = in.number("temperature");
        this.topP = in.number("topP");
        this.basepath = in.text("basepath").map(String::trim);
    }

    static ChatOpenAiNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatOpenAiNode(node, runtime);
    }

    @Override
    public final Set<Capability> supportedCapabilities() {
        return Set.of(Capability.TOOL_CALLING);
    }

    /** The key a server named by {@code basepath} gets when none is set: local servers take any, and LangChain4j insists on one. */
    String keyWhenNoneIsSet() {
        return "none";
    }

    /** Headers sent with every request. */
    Map<String, String> headers() {
        return Map.of();
    }

    @Override
    final StreamingChatModel build() {
        String apiKey = basepath.isPresent()
                ? ApiKeys.OPENAI.find(node(), runtime()).orElse(keyWhenNoneIsSet())
                : ApiKeys.OPENAI.require(node(), runtime());
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(http())
                .apiKey(apiKey)
                .modelName(modelName)
                .timeout(timeout());
        if (!headers().isEmpty()) builder.customHeaders(headers());
        basepath.ifPresent(builder::baseUrl);
        temperature.ifPresent(builder::temperature);
        topP.ifPresent(builder::topP);
        maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }
}
