package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.Credentials;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.testing.AnthropicStub;
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
import static dev.flowstream.chatflow.ProviderFixture.ask;
import static dev.flowstream.chatflow.ProviderFixture.assertFailuresKeepTheirKinds;
import static dev.flowstream.chatflow.ProviderFixture.assertMissingKey;
import static dev.flowstream.chatflow.ProviderFixture.assertStreamed;
import static dev.flowstream.chatflow.ProviderFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Flowise's chatAnthropic node streaming from a local stub of Anthropic's Messages API. */
class ChatAnthropicProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private final AnthropicStub anthropic = AnthropicStub.start();
    private final RecordingSink sink = new RecordingSink();
    private ProviderFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new ProviderFixture(configDir);
    }

    @AfterEach
    void close() {
        fixture.close();
        anthropic.close();
    }

    private ChatAnthropicNode model(Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(Map.of("basepath", anthropic.baseUrl(),
                "modelName", "claude-sonnet-4-0", "temperature", "0.5", "maxTokensToSample", "300", "topK", "5"));
        inputs.putAll(extra);
        return ChatAnthropicNode.load(ProviderFixture.node("chatAnthropic_0", ChatAnthropicNode.NAME, inputs),
                fixture.runtime());
    }

    @Test
    void tokens_stream_in_order_with_the_key_from_the_environment() throws Exception {
        fixture.env("ANTHROPIC_API_KEY", "anthropic-secret");

        FlowResult result = await(ask(model(Map.of()), "[[tokens=5]]", sink));

        assertStreamed(tokens(5), result, sink);
        assertEquals(Optional.of("anthropic-secret"), anthropic.lastApiKey());
        JsonNode sent = JSON.readTree(anthropic.lastRequestBody().orElseThrow());
        assertEquals("claude-sonnet-4-0", sent.path("model").asText());
        assertEquals(300, sent.path("max_tokens").asInt());
        assertEquals(5, sent.path("top_k").asInt());
    }

    @Test
    void the_key_may_come_from_the_credential_and_a_request_may_override_the_model() throws Exception {
        Files.writeString(configDir.resolve(Credentials.FILE), "{\"anthropicApi\": {\"anthropicApiKey\": \"from-credential\"}}");

        await(ask(model(Map.of()), "hi", Map.of("modelName", "claude-opus-4-0", "maxTokensToSample", "20"), sink));

        assertEquals(Optional.of("from-credential"), anthropic.lastApiKey());
        JsonNode sent = JSON.readTree(anthropic.lastRequestBody().orElseThrow());
        assertEquals("claude-opus-4-0", sent.path("model").asText());
        assertEquals(20, sent.path("max_tokens").asInt());
        assertEquals("Echo: hi", sink.text());
    }

    @Test
    void a_missing_key_fails_the_prediction_and_says_where_to_put_it() {
        assertMissingKey(model(Map.of()), "chatAnthropic node chatAnthropic_0 has no API key: set ANTHROPIC_API_KEY or the "
                + "node's anthropicApiKey input", anthropic::requests);
    }

    @Test
    void a_provider_error_a_cut_and_silence_keep_their_kinds() {
        fixture.env("ANTHROPIC_API_KEY", "anthropic-secret");

        assertFailuresKeepTheirKinds(() -> model(Map.of()));
    }

    @Test
    void the_streaming_input_is_honoured() {
        assertFalse(model(Map.of("streaming", false)).streaming());
    }
}
