package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.ProviderFixture.ask;
import static dev.flowstream.chatflow.ProviderFixture.assertFailuresKeepTheirKinds;
import static dev.flowstream.chatflow.ProviderFixture.assertMissingKey;
import static dev.flowstream.chatflow.ProviderFixture.assertStreamed;
import static dev.flowstream.chatflow.ProviderFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flowise's chatMistralAI node: Mistral's stream is OpenAI's SSE format, so the OpenAI stub serves it. */
class ChatMistralAiProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private final OpenAiStub server = OpenAiStub.start();
    private final RecordingSink sink = new RecordingSink();
    private ProviderFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new ProviderFixture(configDir);
    }

    @AfterEach
    void close() {
        fixture.close();
        server.close();
    }

    /** The stub's server without {@code /v1}, as Flowise's overrideEndpoint takes it. */
    private ChatMistralAiNode model(Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(Map.of("overrideEndpoint", server.baseUrl().replaceAll("/v1$", ""),
                "modelName", "mistral-small-latest", "temperature", "0.4", "maxOutputTokens", "50"));
        inputs.putAll(extra);
        return ChatMistralAiNode.load(ProviderFixture.node("chatMistralAI_0", ChatMistralAiNode.NAME, inputs),
                fixture.runtime());
    }

    @Test
    void tokens_stream_in_order_with_the_key_from_the_environment() throws Exception {
        fixture.env("MISTRAL_API_KEY", "mistral-secret");

        FlowResult result = await(ask(model(Map.of()), "[[tokens=6]]", sink));

        assertStreamed(tokens(6), result, sink);
        assertEquals(Optional.of("Bearer mistral-secret"), server.lastAuthorization());
        JsonNode sent = JSON.readTree(server.lastRequestBody().orElseThrow());
        assertEquals("mistral-small-latest", sent.path("model").asText());
        assertEquals(50, sent.path("max_tokens").asInt());
    }

    @Test
    void the_node_s_key_input_wins_and_a_request_may_override_max_output_tokens() throws Exception {
        fixture.env("MISTRAL_API_KEY", "from-env");

        await(ask(model(Map.of("mistralAIAPIKey", "from-node")), "hi", Map.of("maxOutputTokens", 9), sink));

        assertEquals(Optional.of("Bearer from-node"), server.lastAuthorization());
        assertEquals(9, JSON.readTree(server.lastRequestBody().orElseThrow()).path("max_tokens").asInt());
        assertEquals("Echo: hi", sink.text());
    }

    @Test
    void a_missing_key_fails_the_prediction_and_says_where_to_put_it() {
        assertMissingKey(model(Map.of()), "chatMistralAI node chatMistralAI_0 has no API key: set MISTRAL_API_KEY or the "
                + "node's mistralAIAPIKey input", server::requests);
    }

    @Test
    void a_provider_error_a_cut_and_silence_keep_their_kinds() {
        fixture.env("MISTRAL_API_KEY", "mistral-secret");

        assertFailuresKeepTheirKinds(() -> model(Map.of()));
    }
}
