package dev.flowstream.chatflow.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Moderation;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code inputModerationOpenAI}: sends the question to OpenAI's moderation endpoint
 * ({@code POST /v1/moderations}) and blocks it when OpenAI flags it; the answer is then
 * {@code moderationErrorMessage}. The key is the {@code openAIApi} credential's
 * {@code openAIApiKey}, else {@code OPENAI_API_KEY}, looked up per question, so a flow without one
 * loads and its questions fail naming what to set. {@code basepath} (not in Flowise's node) points
 * it at another OpenAI-compatible server. OpenAI down or refusing fails the question (502).
 *
 * <p>Threading: immutable; safe to call concurrently; the call runs on the runtime's workers.
 */
final class OpenAiModerationNode implements Moderation {

    static final String NAME = "inputModerationOpenAI";
    static final String DEFAULT_MESSAGE = "Cannot Process! Input violates OpenAI's content moderation policies.";
    static final String DEFAULT_BASE = "https://api.openai.com/v1";

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final URI endpoint;
    private final String message;
    private final VendorApi api;

    private OpenAiModerationNode(ExportNode node, FlowRuntime runtime, URI endpoint, String message) {
        this.node = node;
        this.runtime = runtime;
        this.endpoint = endpoint;
        this.message = message;
        this.api = VendorApi.of(node, "OpenAI's moderation API", runtime);
    }

    static OpenAiModerationNode load(ExportNode node, FlowRuntime runtime) {
        String base = node.inputs().text("basepath").map(String::trim).orElse(DEFAULT_BASE).replaceAll("/+$", "");
        URI endpoint;
        try {
            endpoint = URI.create(base + "/moderations");
        } catch (IllegalArgumentException e) {
            throw node.failure("input basepath must be a URL like " + DEFAULT_BASE);
        }
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw node.failure("input basepath must be a URL like " + DEFAULT_BASE);
        }
        String message = node.inputs().verbatim("moderationErrorMessage").orElse(DEFAULT_MESSAGE);
        return new OpenAiModerationNode(node, runtime, endpoint, message);
    }

    @Override
    public CompletionStage<Optional<String>> refusal(String question) {
        String key = ApiKeys.OPENAI.require(node, runtime);
        return CompletableFuture.supplyAsync(() -> flagged(key, question), runtime.workers())
                .thenApply(flagged -> flagged ? Optional.of(message) : Optional.<String>empty());
    }

    private boolean flagged(String key, String question) {
        JsonNode answer = api.post(endpoint, Map.of("Authorization", "Bearer " + key), Map.of("input", question));
        JsonNode first = answer.path("results").path(0);
        if (!first.path("flagged").isBoolean()) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id()
                    + " (" + node.name() + "): OpenAI's moderation API answered without a flagged result");
        }
        return first.path("flagged").asBoolean();
    }
}
