package dev.flowstream.chatflow.llms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Flowise's {@code huggingFaceInference_LLMs}: text generation on Hugging Face. With
 * {@code endpoint} (a dedicated Inference Endpoint) the prompt is posted there; otherwise to the
 * serverless API for {@code model} ({@value #SERVERLESS}{@code <model>}). The body is Hugging Face's
 * {@code {"inputs", "parameters"}} with only the continuation asked back, and the inputs Flowise
 * passes: {@code temperature}, {@code maxTokens} as {@code max_new_tokens}, {@code topP},
 * {@code hfTopK} as {@code top_k}, {@code frequencyPenalty} as {@code repetition_penalty}. The key
 * is the {@code huggingFaceApi} credential's {@code huggingFaceApiKey}, else
 * {@code HUGGINGFACEHUB_API_KEY}; an endpoint may take none. An error answer (a model still
 * loading: 503) is tried twice more, as LangChain's caller retries, then fails as a 502.
 *
 * <p>Threading: as {@link CompletionModelNode}.
 */
final class HuggingFaceInferenceNode extends CompletionModelNode {

    static final String NAME = "huggingFaceInference_LLMs";
    static final String SERVERLESS = "https://router.huggingface.co/hf-inference/models/";
    private static final ApiKeys KEYS = new ApiKeys("huggingFaceApiKey", "huggingFaceApi", "HUGGINGFACEHUB_API_KEY");

    private final URI target;
    private final boolean dedicated;
    private final Map<String, Object> parameters;
    private final VendorApi api;

    private HuggingFaceInferenceNode(ExportNode node, FlowRuntime runtime, URI target, boolean dedicated,
                                     Map<String, Object> parameters) {
        super(node, runtime);
        this.target = target;
        this.dedicated = dedicated;
        this.parameters = parameters;
        this.api = VendorApi.of(node, "Hugging Face", runtime).retrying(2);
    }

    static HuggingFaceInferenceNode load(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        Optional<String> endpoint = in.text("endpoint").map(String::trim);
        Optional<String> model = in.text("model").map(String::trim);
        if (endpoint.isEmpty() && model.isEmpty()) {
            throw node.failure("needs a model (a Hugging Face model id, e.g. gpt2) or an endpoint");
        }
        URI target = Urls.parse(node, endpoint.isPresent() ? "endpoint" : "model", endpoint.orElseGet(() -> SERVERLESS + model.orElseThrow()));
        return new HuggingFaceInferenceNode(node, runtime, target, endpoint.isPresent(), parameters(in));
    }

    private static Map<String, Object> parameters(NodeInputs in) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("return_full_text", false);
        in.number("temperature").ifPresent(value -> parameters.put("temperature", value));
        in.integer("maxTokens").ifPresent(value -> parameters.put("max_new_tokens", value));
        in.number("topP").ifPresent(value -> parameters.put("top_p", value));
        in.number("hfTopK").ifPresent(value -> parameters.put("top_k", value));
        in.number("frequencyPenalty").ifPresent(value -> parameters.put("repetition_penalty", value));
        return Map.copyOf(parameters);
    }

    @Override
    String complete(String prompt) {
        Optional<String> key = KEYS.find(node(), runtime());
        if (key.isEmpty() && !dedicated) key = Optional.of(KEYS.require(node(), runtime()));
        Map<String, String> headers = key.map(value -> Map.of("Authorization", "Bearer " + value)).orElse(Map.of());
        JsonNode answer = api.post(target, headers, Map.of("inputs", prompt, "parameters", parameters));
        JsonNode generated = (answer.isArray() ? answer.path(0) : answer).path("generated_text");
        if (!generated.isTextual()) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node().id() + " (" + NAME
                    + "): Hugging Face answered without generated_text");
        }
        return generated.asText();
    }
}
