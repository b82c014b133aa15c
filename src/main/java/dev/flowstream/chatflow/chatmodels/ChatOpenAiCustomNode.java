package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code chatOpenAICustom} ("OpenAI Custom Model"): a fine-tuned or self-hosted model
 * behind an OpenAI-compatible API at {@code basepath}, with the headers of {@code baseOptions}.
 * The key ({@code openAIApiKey}, credential {@code openAIApi}, or {@code OPENAI_API_KEY}) is
 * optional when {@code basepath} is set, as such servers often take none.
 * {@code modelName}, {@code temperature} and {@code maxTokens} may be overridden per request.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class ChatOpenAiCustomNode extends ProviderModelNode {

    static final String NAME = "chatOpenAICustom";
    private static final ApiKeys KEYS = new ApiKeys("openAIApiKey", "openAIApi", "OPENAI_API_KEY");

    private final Optional<String> modelName;
    private final Optional<Double> temperature;
    private final Optional<String> basepath;
    private final Map<String, String> headers;

    private ChatOpenAiCustomNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxTokens"));
        NodeInputs in = node.inputs();
        this.modelName = in.text("modelName").map(String::trim);
        this.temperature = in.number("temperature");
        this.basepath = in.text("basepath").map(String::trim);
        this.headers = headers(node);
    }

    static ChatOpenAiCustomNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatOpenAiCustomNode(node, runtime);
    }

    /** The same OpenAI client as chatOpenAI's, so agents may use it. */
    /** Agents may use it: tool calling is tested against it. */
    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of(Capability.TOOL_CALLING);
    }

    @Override
    StreamingChatModel build() {
        // a self-hosted server may want no key at all: then no Authorization header is sent
        String apiKey = basepath.isPresent()
                ? KEYS.find(node(), runtime()).orElse(null)
                : KEYS.require(node(), runtime());
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(http())
                .apiKey(apiKey)
                .modelName(modelName.orElse("gpt-4o-mini"))
                .timeout(timeout());
        if (!headers.isEmpty()) builder.customHeaders(headers);
        basepath.ifPresent(builder::baseUrl);
        temperature.ifPresent(builder::temperature);
        maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }

    /** {@code baseOptions}: a JSON object of headers, given as an object or as a JSON string. */
    private static Map<String, String> headers(ExportNode node) {
        Optional<JsonNode> options = node.inputs().json("baseOptions");
        if (options.isEmpty()) return Map.of();
        if (!options.get().isObject()) throw node.failure("input baseOptions must be a JSON object of headers");
        Map<String, String> headers = new LinkedHashMap<>();
        options.get().fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode()) throw node.failure("input baseOptions: header " + field.getKey() + " must be text");
            headers.put(field.getKey(), field.getValue().asText());
        });
        return Map.copyOf(headers);
    }
}
