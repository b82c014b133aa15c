package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.testing.OllamaStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static dev.flowstream.chatflow.ProviderFixture.ask;
import static dev.flowstream.chatflow.ProviderFixture.assertStreamed;
import static dev.flowstream.chatflow.ProviderFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flowise's chatOllama node streaming from a local Ollama stub over NDJSON. */
class ChatOllamaProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private final OllamaStub ollama = OllamaStub.start();
    private final RecordingSink sink = new RecordingSink();
    private ProviderFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new ProviderFixture(configDir);
    }

    @AfterEach
    void close() {
        fixture.close();
        ollama.close();
    }

    private ChatOllamaNode load(Map<String, Object> inputs) {
        return ChatOllamaNode.load(ProviderFixture.node("chatOllama_0", ChatOllamaNode.NAME, inputs), fixture.runtime());
    }

    private ChatOllamaNode model() {
        return load(Map.of("baseUrl", ollama.baseUrl(), "modelName", "llama3.2", "temperature", "0.3",
                "topK", "20", "numCtx", "4096", "allowImageUploads", false, "keepAlive", "5m"));
    }

    @Test
    void tokens_stream_in_order_between_one_start_and_one_end() throws Exception {
        FlowResult result = await(ask(model(), "[[tokens=5]]", sink));

        assertStreamed(tokens(5), result, sink);
    }

    @Test
    void the_request_goes_to_api_chat_with_the_model_and_the_node_options() throws Exception {
        await(ask(model(), "hello there", sink));

        JsonNode sent = JSON.readTree(ollama.lastRequestBody().orElseThrow());
        assertEquals("llama3.2", sent.path("model").asText());
        assertTrue(sent.path("stream").asBoolean());
        assertEquals(0.3, sent.path("options").path("temperature").asDouble());
        assertEquals(20, sent.path("options").path("top_k").asInt());
        assertEquals(4096, sent.path("options").path("num_ctx").asInt());
        assertEquals("hello there", sent.path("messages").get(0).path("content").asText());
        assertEquals("Echo: hello there", sink.text());
    }

    @Test
    void a_request_may_override_model_name_and_temperature_but_not_the_base_url() throws Exception {
        Map<String, Object> overrides = Map.of("modelName", "qwen3", "temperature", 0.9, "baseUrl", "http://example.invalid");

        await(ask(model(), "hi", overrides, sink));

        JsonNode sent = JSON.readTree(ollama.lastRequestBody().orElseThrow());
        assertEquals("qwen3", sent.path("model").asText());
        assertEquals(0.9, sent.path("options").path("temperature").asDouble());
        assertEquals(1, ollama.requests());
    }

    @Test
    void a_server_error_fails_as_the_provider_without_events() {
        ChatflowException failure = failure(ask(model(), "[[fail]]", sink));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().contains("chatOllama_0") && failure.getMessage().contains("HTTP 500"),
                failure.getMessage());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_cut_stream_ends_with_error_then_end() {
        ChatflowException failure = failure(ask(model(), "[[cut]] [[tokens=5]]", sink));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertEquals(List.of("start", "token", "token", "token", "error", "end"), sink.names());
    }

    @Test
    void a_silent_stream_times_out() {
        ChatflowException failure = failure(ask(model(), "[[stall]]", sink));

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertEquals(List.of("start", "token", "error", "end"), sink.names());
    }

    @Test
    void the_streaming_input_is_honoured_and_defaults_to_true() {
        assertTrue(model().streaming());
        assertFalse(load(Map.of("modelName", "llama3.2", "streaming", "false")).streaming());
    }

    @Test
    void a_node_without_model_name_fails_at_load_naming_it() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> load(Map.of("baseUrl", ollama.baseUrl())));

        assertTrue(failure.getMessage().contains("chatOllama_0") && failure.getMessage().contains("modelName"),
                failure.getMessage());
    }
}
