package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.Credentials;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static dev.flowstream.chatflow.ProviderFixture.ask;
import static dev.flowstream.chatflow.ProviderFixture.assertStreamed;
import static dev.flowstream.chatflow.ProviderFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flowise's chatOpenAICustom and azureChatOpenAI nodes, streaming from the OpenAI stub. */
class OpenAiCompatibleProviderTest {

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

    private ChatOpenAiCustomNode custom(Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(Map.of("basepath", openAi.baseUrl(), "modelName", "ft:my-model",
                "temperature", "0.2", "maxTokens", "64", "streaming", true));
        inputs.putAll(extra);
        return ChatOpenAiCustomNode.load(ProviderFixture.node("chatOpenAICustom_0", ChatOpenAiCustomNode.NAME, inputs),
                fixture.runtime());
    }

    private AzureChatOpenAiNode azure(Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(Map.of("basepath", openAi.azureBaseUrl(), "modelName", "gpt-4o",
                "azureOpenAIApiDeploymentName", "gpt4o-prod", "azureOpenAIApiVersion", "2024-06-01", "maxTokens", "100"));
        inputs.putAll(extra);
        return AzureChatOpenAiNode.load(ProviderFixture.node("azureChatOpenAI_0", AzureChatOpenAiNode.NAME, inputs),
                fixture.runtime());
    }

    private JsonNode sent() throws Exception {
        return JSON.readTree(openAi.lastRequestBody().orElseThrow());
    }

    @Test
    void a_custom_model_streams_tokens_in_order_without_a_key() throws Exception {
        FlowResult result = await(ask(custom(Map.of()), "[[tokens=4]]", sink));

        assertStreamed(tokens(4), result, sink);
        assertEquals(Optional.empty(), openAi.lastAuthorization());
        assertEquals("ft:my-model", sent().path("model").asText());
        assertEquals(64, sent().path("max_tokens").asInt());
    }

    @Test
    void a_custom_model_sends_its_key_and_the_base_options_headers() throws Exception {
        await(ask(custom(Map.of("openAIApiKey", "sk-custom", "baseOptions", "{\"X-Tenant\": \"acme\"}")), "hi", sink));

        assertEquals(Optional.of("Bearer sk-custom"), openAi.lastAuthorization());
        assertEquals(Optional.of("acme"), openAi.lastHeader("X-Tenant"));
    }

    @Test
    void a_custom_model_without_basepath_needs_a_key_and_says_where_to_put_it() {
        ChatOpenAiCustomNode model = ChatOpenAiCustomNode.load(ProviderFixture.node("chatOpenAICustom_0",
                ChatOpenAiCustomNode.NAME, Map.of("modelName", "ft:x")), fixture.runtime());

        ChatflowException failure = failure(ask(model, "hi", sink));

        assertEquals(Kind.CONFIGURATION, failure.kind());
        assertEquals("chatOpenAICustom node chatOpenAICustom_0 has no API key: set OPENAI_API_KEY or the node's "
                + "openAIApiKey input", failure.getMessage());
        assertEquals(0, openAi.requests());
    }

    @Test
    void a_custom_model_failure_is_the_provider_s_and_a_cut_ends_with_error_then_end() {
        assertEquals(Kind.PROVIDER, failure(ask(custom(Map.of()), "[[fail]]", sink)).kind());
        assertEquals(List.of(), sink.events());

        assertEquals(Kind.PROVIDER, failure(ask(custom(Map.of()), "[[cut]] [[tokens=5]]", sink)).kind());
        assertEquals(List.of("start", "token", "token", "token", "error", "end"), sink.names());
    }

    @Test
    void a_request_may_override_the_custom_model_s_max_tokens_but_not_its_basepath() throws Exception {
        await(ask(custom(Map.of()), "hi", Map.of("maxTokens", 7, "basepath", "http://example.invalid/v1"), sink));

        assertEquals(7, sent().path("max_tokens").asInt());
        assertEquals(1, openAi.requests());
    }

    @Test
    void azure_sends_the_key_as_api_key_header_and_the_api_version_query() throws Exception {
        fixture.env("AZURE_OPENAI_API_KEY", "azure-secret");

        FlowResult result = await(ask(azure(Map.of()), "[[tokens=3]]", sink));

        assertStreamed(tokens(3), result, sink);
        assertEquals(Optional.of("azure-secret"), openAi.lastHeader("api-key"));
        assertEquals(Optional.of("/openai/deployments/gpt4o-prod/chat/completions"), openAi.lastPath());
        assertEquals(Optional.of("api-version=2024-06-01"), openAi.lastQuery());
        assertEquals(Optional.empty(), openAi.lastAuthorization());
        assertEquals(100, sent().path("max_tokens").asInt());
    }

    @Test
    void azure_reads_key_and_version_from_its_credential() throws Exception {
        Files.writeString(configDir.resolve(Credentials.FILE),
                "{\"azureOpenAIApi\": {\"azureOpenAIApiKey\": \"from-credential\", \"azureOpenAIApiVersion\": \"2025-01-01\","
                        + " \"azureOpenAIApiDeploymentName\": \"from-credential-deployment\"}}");
        Map<String, Object> inputs = Map.of("basepath", openAi.azureBaseUrl(), "modelName", "gpt-4o");
        AzureChatOpenAiNode model = AzureChatOpenAiNode.load(
                ProviderFixture.node("azureChatOpenAI_0", AzureChatOpenAiNode.NAME, inputs), fixture.runtime());

        await(ask(model, "hi", sink));

        assertEquals(Optional.of("from-credential"), openAi.lastHeader("api-key"));
        assertEquals(Optional.of("/openai/deployments/from-credential-deployment/chat/completions"), openAi.lastPath());
        assertEquals(Optional.of("api-version=2025-01-01"), openAi.lastQuery());
    }

    @Test
    void a_credential_the_export_chose_by_id_is_read_under_that_id_before_the_default_name() throws Exception {
        Files.writeString(configDir.resolve(Credentials.FILE),
                "{\"openAIApi\": {\"openAIApiKey\": \"by-name\"}, \"4b1c-credential-id\": {\"openAIApiKey\": \"by-id\"}}");
        ExportNode plain = ProviderFixture.node("chatOpenAI_0", ChatOpenAiNode.NAME, Map.of("basepath", openAi.baseUrl()));
        ExportNode chosen = new ExportNode(plain.id(), plain.name(), plain.label(), plain.inputs(),
                Optional.of("4b1c-credential-id"));

        await(ask(ChatOpenAiNode.load(chosen, fixture.runtime()), "hi", sink));
        assertEquals(Optional.of("Bearer by-id"), openAi.lastAuthorization());

        await(ask(ChatOpenAiNode.load(plain, fixture.runtime()), "hi", sink));
        assertEquals(Optional.of("Bearer by-name"), openAi.lastAuthorization());
    }

    @Test
    void azure_without_a_key_fails_the_prediction_not_the_load() {
        AzureChatOpenAiNode model = azure(Map.of());

        ChatflowException failure = failure(ask(model, "hi", sink));

        assertEquals(Kind.CONFIGURATION, failure.kind());
        assertEquals("azureChatOpenAI node azureChatOpenAI_0 has no API key: set AZURE_OPENAI_API_KEY or the node's "
                + "azureOpenAIApiKey input", failure.getMessage());
        assertEquals(0, openAi.requests());
    }

    @Test
    void azure_without_basepath_needs_an_instance_name() {
        AzureChatOpenAiNode model = AzureChatOpenAiNode.load(ProviderFixture.node("azureChatOpenAI_0",
                AzureChatOpenAiNode.NAME, Map.of("azureOpenAIApiKey", "k")), fixture.runtime());

        ChatflowException failure = failure(ask(model, "hi", sink));

        assertEquals(Kind.CONFIGURATION, failure.kind());
        assertTrue(failure.getMessage().contains("azureOpenAIApiInstanceName"), failure.getMessage());
    }

    @Test
    void azure_failures_and_silence_keep_their_kinds() {
        fixture.env("AZURE_OPENAI_API_KEY", "azure-secret");

        assertEquals(Kind.PROVIDER, failure(ask(azure(Map.of()), "[[fail]]", sink)).kind());
        assertEquals(List.of(), sink.events());

        assertEquals(Kind.TIMEOUT, failure(ask(azure(Map.of()), "[[stall]]", sink)).kind());
        assertEquals(List.of("start", "token", "error", "end"), sink.names());
    }

    @Test
    void both_honour_the_streaming_input() {
        assertFalse(custom(Map.of("streaming", "false")).streaming());
        assertTrue(azure(Map.of()).streaming());
    }
}
