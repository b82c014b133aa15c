package dev.flowstream.chatflow.llms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Replicate's predictions API as its client runs a model: {@code POST /predictions} (with the
 * version) or {@code POST /models/{owner}/{name}/predictions} (without), then
 * {@code GET /predictions/{id}} every half second until the prediction has succeeded, failed or
 * was canceled. One that is not done within the model timeout is canceled and fails as a 504; one
 * that failed is a 502 naming the node (not Replicate's error text, which may quote the input).
 *
 * <p>Threading: thread-safe; calls block, so they run on the runtime's workers. The prompt key is
 * cached after the first look-up (a benign race: two look-ups find the same key).
 */
final class ReplicatePredictions {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "canceled");

    private final ExportNode node;
    private final URI base;
    private final String model;
    private final Optional<String> version;
    private final VendorApi api;
    private final Duration timeout;
    private volatile String promptKey;

    ReplicatePredictions(ExportNode node, FlowRuntime runtime, URI base, String model, Optional<String> version) {
        this.node = node;
        this.base = base;
        this.model = model;
        this.version = version;
        this.api = VendorApi.of(node, "Replicate", runtime);
        this.timeout = runtime.settings().models().timeout();
    }

    /** The model version's first input by {@code x-order}, where the prompt goes; {@code prompt} when there is no schema. */
    String promptKey(String key) {
        String known = promptKey;
        if (known != null) return known;
        if (version.isEmpty()) return promptKey = "prompt";
        JsonNode found = api.get(at("/models/" + model + "/versions/" + version.get()), auth(key));
        JsonNode properties = found.path("openapi_schema").path("components").path("schemas").path("Input").path("properties");
        List<Map.Entry<String, JsonNode>> inputs = new ArrayList<>();
        properties.fields().forEachRemaining(inputs::add);
        inputs.sort((a, b) -> Integer.compare(a.getValue().path("x-order").asInt(0), b.getValue().path("x-order").asInt(0)));
        return promptKey = inputs.isEmpty() ? "prompt" : inputs.get(0).getKey();
    }

    /** Runs the model on {@code input}; its output as text (a list of pieces joined, as Flowise joins them). */
    String run(String key, Map<String, Object> input) {
        JsonNode prediction = version
                .map(id -> api.post(at("/predictions"), auth(key), Map.of("version", id, "input", input)))
                .orElseGet(() -> api.post(at("/models/" + model + "/predictions"), auth(key), Map.of("input", input)));
        String id = prediction.path("id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ENDED.contains(prediction.path("status").asText())) {
            if (id.isEmpty()) throw new ChatflowException(Kind.PROVIDER, who() + ": Replicate answered without a prediction id");
            if (System.nanoTime() > deadline) {
                cancelQuietly(key, id);
                throw new ChatflowException(Kind.TIMEOUT, who() + ": the Replicate prediction " + id + " did not end within "
                        + timeout.toMillis() + " ms");
            }
            pause();
            prediction = api.get(at("/predictions/" + id), auth(key));
        }
        if (!prediction.path("status").asText().equals("succeeded")) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": the Replicate prediction " + id + " "
                    + prediction.path("status").asText());
        }
        return text(prediction.path("output"));
    }

    private static String text(JsonNode output) {
        if (output.isMissingNode() || output.isNull()) return "";
        if (output.isArray()) {
            return String.join("", StreamSupport.stream(output.spliterator(), false).map(JsonNode::asText).toList());
        }
        return output.isValueNode() ? output.asText() : output.toString();
    }

    private void cancelQuietly(String key, String id) {
        try {
            api.post(at("/predictions/" + id + "/cancel"), auth(key), Map.of());
        } catch (ChatflowException e) {
            // the timeout is the failure to report; a prediction left running ends on Replicate's side
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatflowException(Kind.CHAIN, who() + " was interrupted", e);
        }
    }

    private URI at(String path) {
        return URI.create(base + path);
    }

    private static Map<String, String> auth(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
