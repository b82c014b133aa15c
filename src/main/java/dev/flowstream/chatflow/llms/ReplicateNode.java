package dev.flowstream.chatflow.llms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flowise's {@code replicate}: a model on Replicate, {@code model} written {@code owner/name:version}
 * (or {@code owner/name} for an official model's latest version). The prompt goes under the
 * version's first input (by its schema's {@code x-order}; {@code prompt} without a version or a
 * schema), with {@code maxTokens} as {@code max_length}, {@code temperature}, {@code topP} as
 * {@code top_p}, {@code repetitionPenalty} as {@code repetition_penalty}, then
 * {@code additionalInputs} (a JSON object) over them, as Flowise merges them. The prediction is
 * created and polled until it ends ({@link ReplicatePredictions}). The key is the
 * {@code replicateApi} credential's {@code replicateApiKey}, else {@code REPLICATE_API_TOKEN};
 * {@code basepath} (not in Flowise's node) points it at another server.
 *
 * <p>Threading: as {@link CompletionModelNode}; the prompt key is looked up once per prediction.
 */
final class ReplicateNode extends CompletionModelNode {

    static final String NAME = "replicate";
    static final String DEFAULT_BASE = "https://api.replicate.com/v1";
    private static final Pattern MODEL = Pattern.compile("([\\w.-]+)/([\\w.-]+)(?::([0-9a-fA-F]+))?");
    private static final ApiKeys KEYS = new ApiKeys("replicateApiKey", "replicateApi", "REPLICATE_API_TOKEN");

    private final ReplicatePredictions predictions;
    private final Map<String, Object> input;

    private ReplicateNode(ExportNode node, FlowRuntime runtime, ReplicatePredictions predictions, Map<String, Object> input) {
        super(node, runtime);
        this.predictions = predictions;
        this.input = input;
    }

    static ReplicateNode load(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        String model = in.text("model").map(String::trim)
                .orElseThrow(() -> node.failure("needs a model, written owner/name:version as on Replicate"));
        Matcher parts = MODEL.matcher(model);
        if (!parts.matches()) throw node.failure("input model must be written owner/name:version (or owner/name), not " + model);
        URI base = Urls.parse(node, "basepath", in.text("basepath").orElse(DEFAULT_BASE));
        ReplicatePredictions predictions = new ReplicatePredictions(node, runtime, base, parts.group(1) + "/" + parts.group(2),
                Optional.ofNullable(parts.group(3)));
        return new ReplicateNode(node, runtime, predictions, input(node, in));
    }

    private static Map<String, Object> input(ExportNode node, NodeInputs in) {
        Map<String, Object> input = new LinkedHashMap<>();
        in.integer("maxTokens").ifPresent(value -> input.put("max_length", value));
        in.number("temperature").ifPresent(value -> input.put("temperature", value));
        in.number("topP").ifPresent(value -> input.put("top_p", value));
        in.number("repetitionPenalty").ifPresent(value -> input.put("repetition_penalty", value));
        Optional<JsonNode> more = in.json("additionalInputs");
        if (more.isPresent() && !more.get().isObject()) throw node.failure("input additionalInputs must be a JSON object");
        more.ifPresent(object -> object.fields().forEachRemaining(field -> input.put(field.getKey(), field.getValue())));
        return Map.copyOf(input);
    }

    @Override
    String complete(String prompt) {
        String key = KEYS.require(node(), runtime());
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put(predictions.promptKey(key), prompt);
        sent.putAll(input);
        return predictions.run(key, sent);
    }
}
