package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.testing.GeminiStub;
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
import static dev.flowstream.chatflow.ProviderFixture.assertBrokenAfterThreeTokens;
import static dev.flowstream.chatflow.ProviderFixture.assertFailuresKeepTheirKinds;
import static dev.flowstream.chatflow.ProviderFixture.assertMissingKey;
import static dev.flowstream.chatflow.ProviderFixture.assertStreamed;
import static dev.flowstream.chatflow.ProviderFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flowise's chatGoogleGenerativeAI node streaming from a local stub of the Gemini API. */
class ChatGoogleGenerativeAiProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private final GeminiStub gemini = GeminiStub.start();
    private final RecordingSink sink = new RecordingSink();
    private ProviderFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new ProviderFixture(configDir);
    }

    @AfterEach
    void close() {
        fixture.close();
        gemini.close();
    }

    private ChatGoogleGenerativeAiNode model(Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(Map.of("baseUrl", gemini.baseUrl(), "modelName", "gemini-2.5-flash",
                "temperature", "0.6", "maxOutputTokens", "128"));
        inputs.putAll(extra);
        return ChatGoogleGenerativeAiNode.load(
                ProviderFixture.node("chatGoogleGenerativeAI_0", ChatGoogleGenerativeAiNode.NAME, inputs), fixture.runtime());
    }

    @Test
    void tokens_stream_in_order_with_the_key_from_the_environment() throws Exception {
        fixture.env("GOOGLE_API_KEY", "google-secret");

        FlowResult result = await(ask(model(Map.of()), "[[tokens=5]]", sink));

        assertStreamed(tokens(5), result, sink);
        assertEquals(Optional.of("google-secret"), gemini.lastApiKey());
        assertEquals(Optional.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"), gemini.lastPathAndQuery());
        JsonNode config = JSON.readTree(gemini.lastRequestBody().orElseThrow()).path("generationConfig");
        assertEquals(128, config.path("maxOutputTokens").asInt());
        assertEquals(0.6, config.path("temperature").asDouble());
    }

    @Test
    void the_node_s_key_wins_and_a_request_may_override_the_model() throws Exception {
        fixture.env("GOOGLE_API_KEY", "from-env");

        await(ask(model(Map.of("googleGenerativeAPIKey", "from-node")), "hi", Map.of("modelName", "gemini-2.5-pro"), sink));

        assertEquals(Optional.of("from-node"), gemini.lastApiKey());
        assertEquals(Optional.of("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"), gemini.lastPathAndQuery());
        assertEquals("Echo: hi", sink.text());
    }

    @Test
    void a_missing_key_fails_the_prediction_and_says_where_to_put_it() {
        assertMissingKey(model(Map.of()), "chatGoogleGenerativeAI node chatGoogleGenerativeAI_0 has no API key: set GOOGLE_API_KEY or "
                + "the node's googleGenerativeAPIKey input", gemini::requests);
    }

    @Test
    void a_provider_error_a_cut_a_truncation_and_silence_keep_their_kinds() {
        fixture.env("GOOGLE_API_KEY", "google-secret");

        assertFailuresKeepTheirKinds(() -> model(Map.of()));
        assertBrokenAfterThreeTokens(model(Map.of()), "[[truncate]] [[tokens=5]]");
    }
}
