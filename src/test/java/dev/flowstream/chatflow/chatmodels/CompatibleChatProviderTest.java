package dev.flowstream.chatflow.chatmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static dev.flowstream.chatflow.ProviderFixture.ask;
import static dev.flowstream.chatflow.ProviderFixture.assertStreamed;
import static dev.flowstream.chatflow.ProviderFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The chat models whose providers speak OpenAI's API at their own address, streaming from the OpenAI stub. */
class CompatibleChatProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private final OpenAiStub openAi = OpenAiStub.start();
    private final RecordingSink sink = new RecordingSink();
    private ProviderFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new ProviderFixture(configDir);
    }

    @AfterEach
    void close() {
        fixture.close();
        openAi.close();
    }

    @Test
    void every_provider_streams_from_its_address_with_its_credential_s_key_and_its_model() throws Exception {
        StringBuilder credentials = new StringBuilder("{");
        for (CompatibleProvider provider : CompatibleProvider.ALL) {
            if (credentials.length() > 1) credentials.append(", ");
            credentials.append('"').append(provider.key().credential()).append("\": {\"").append(provider.key().input())
                    .append("\": \"key-").append(provider.name()).append("\"}");
        }
        Files.writeString(configDir.resolve("credentials.json"), credentials.append('}').toString());
        for (CompatibleProvider provider : CompatibleProvider.ALL) {
            Map<String, Object> inputs = new HashMap<>(Map.of(provider.baseInputs().get(0), openAi.baseUrl(),
                    provider.modelInput(), "model-of-" + provider.name(), "temperature", "0.3", "maxTokens", "32"));
            RecordingSink answer = new RecordingSink();

            FlowResult result = await(ask(load(provider.name(), inputs), "[[tokens=3]]", answer));

            assertStreamed(tokens(3), result, answer);
            assertEquals(Optional.of("Bearer key-" + provider.name()), openAi.lastAuthorization(), provider.name());
            JsonNode sent = JSON.readTree(openAi.lastRequestBody().orElseThrow());
            assertEquals("model-of-" + provider.name(), sent.path("model").asText(), provider.name());
            assertEquals(32, sent.path("max_tokens").asInt(), provider.name());
            assertEquals(0.3, sent.path("temperature").asDouble(), 1e-9, provider.name());
        }
    }

    @Test
    void a_hosted_provider_without_a_key_fails_the_question_naming_where_to_set_it() {
        ChatflowException failure = failure(ask(load(CompatibleChatNode.GROQ,
                Map.of("basepath", openAi.baseUrl(), "modelName", "llama")), "hi", sink));

        assertEquals(Kind.CONFIGURATION, failure.kind());
        assertEquals("groqChat node groqChat_0 has no API key: set GROQ_API_KEY or the node's groqApiKey input", failure.getMessage());
        assertEquals(0, openAi.requests());
    }

    @Test
    void a_server_the_user_runs_takes_no_key_and_needs_its_address() throws Exception {
        await(ask(load(CompatibleChatNode.LOCAL_AI, Map.of("basePath", openAi.baseUrl(), "modelName", "ggml-gpt4all")), "hi", sink));

        assertEquals(Optional.of("Bearer none"), openAi.lastAuthorization());
        assertEquals("node chatLocalAI_0 (chatLocalAI) needs its server's address in its basePath input",
                assertThrows(FlowLoadException.class, () -> load(CompatibleChatNode.LOCAL_AI, Map.of("modelName", "m"))).getMessage());
    }

    @Test
    void defaults_and_bad_inputs_are_checked_when_the_flow_loads() {
        assertEquals("node groqChat_0 (groqChat) needs a model in its modelName input",
                assertThrows(FlowLoadException.class, () -> load(CompatibleChatNode.GROQ, Map.of())).getMessage());
        assertEquals("node chatLitellm_0 (chatLitellm) input basePath must be an http or https address, not localhost:4000",
                assertThrows(FlowLoadException.class,
                        () -> load(CompatibleChatNode.LITELLM, Map.of("basePath", "localhost:4000", "modelName", "m"))).getMessage());
        load(CompatibleChatNode.DEEPSEEK, Map.of()); // deepseek-chat at api.deepseek.com, as Flowise's defaults say
        load(CompatibleChatNode.PERPLEXITY, Map.of());
    }

    @Test
    void a_provider_failure_keeps_its_kind() {
        assertEquals(Kind.PROVIDER, failure(ask(load(CompatibleChatNode.LOCAL_AI,
                Map.of("basePath", openAi.baseUrl(), "modelName", "m")), "[[fail]]", sink)).kind());
    }

    private CompatibleChatNode load(String name, Map<String, Object> inputs) {
        return CompatibleChatNode.load(ProviderFixture.node(name + "_0", name, inputs), fixture.runtime());
    }
}
