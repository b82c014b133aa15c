package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.support.ApiKeys;

import java.util.List;
import java.util.Optional;

/**
 * A chat provider whose API is OpenAI's chat completions at another address: Flowise's node name,
 * where its key is ({@link ApiKeys}: the credential Flowise names and its field, and the usual
 * environment variable), its address (a default, or only the node's {@code basePath} input for
 * servers the user runs), the input holding the model name and its default, and whether a key is
 * needed. Immutable.
 *
 * @param baseInputs   the inputs that may hold the address, in the order read (Flowise's own, then
 *                     {@code basepath} for a gateway or a test server)
 * @param defaultBase  empty: the user's server, so the address is required
 */
record CompatibleProvider(String name, ApiKeys key, List<String> baseInputs, Optional<String> defaultBase,
                          String modelInput, Optional<String> defaultModel, boolean keyRequired) {

    static final List<CompatibleProvider> ALL = List.of(
            hosted(CompatibleChatNode.GROQ, new ApiKeys("groqApiKey", "groqApi", "GROQ_API_KEY"), "https://api.groq.com/openai/v1", null),
            hosted(CompatibleChatNode.DEEPSEEK, new ApiKeys("deepseekApiKey", "deepseekApi", "DEEPSEEK_API_KEY"), "https://api.deepseek.com",
                    "deepseek-chat"),
            hosted(CompatibleChatNode.OPEN_ROUTER, new ApiKeys("openRouterApiKey", "openRouterApi", "OPENROUTER_API_KEY"),
                    "https://openrouter.ai/api/v1", null),
            hosted(CompatibleChatNode.TOGETHER, new ApiKeys("togetherAIApiKey", "togetherAIApi", "TOGETHER_API_KEY"),
                    "https://api.together.xyz/v1", null),
            hosted(CompatibleChatNode.FIREWORKS, new ApiKeys("fireworksApiKey", "fireworksApi", "FIREWORKS_API_KEY"),
                    "https://api.fireworks.ai/inference/v1", "accounts/fireworks/models/llama-v3p1-8b-instruct"),
            hosted(CompatibleChatNode.CEREBRAS, new ApiKeys("cerebrasApiKey", "cerebrasAIApi", "CEREBRAS_API_KEY"), "https://api.cerebras.ai/v1",
                    "llama3.1-8b"),
            hosted(CompatibleChatNode.SAMBANOVA, new ApiKeys("sambanovaApiKey", "sambanovaApi", "SAMBANOVA_API_KEY"), "https://api.sambanova.ai/v1",
                    "Meta-Llama-3.3-70B-Instruct"),
            hosted(CompatibleChatNode.XAI, new ApiKeys("xaiApiKey", "xaiApi", "XAI_API_KEY"), "https://api.x.ai/v1", null),
            new CompatibleProvider(CompatibleChatNode.PERPLEXITY, new ApiKeys("perplexityApiKey", "perplexityApi", "PERPLEXITY_API_KEY"),
                    List.of("basepath"), Optional.of("https://api.perplexity.ai"), "model", Optional.of("sonar"), true),
            own(CompatibleChatNode.LOCAL_AI, new ApiKeys("localAIApiKey", "localAIApi", "LOCALAI_API_KEY")),
            own(CompatibleChatNode.LITELLM, new ApiKeys("litellmApiKey", "litellmApi", "LITELLM_API_KEY")));

    private static CompatibleProvider hosted(String name, ApiKeys key, String base, String defaultModel) {
        return new CompatibleProvider(name, key, List.of("basepath", "basePath"), Optional.of(base), "modelName",
                Optional.ofNullable(defaultModel), true);
    }

    /** A server the user runs, at the node's {@code basePath}; a key only if it asks for one. */
    private static CompatibleProvider own(String name, ApiKeys key) {
        return new CompatibleProvider(name, key, List.of("basePath", "basepath"), Optional.empty(), "modelName", Optional.empty(), false);
    }
}
