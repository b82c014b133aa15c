package dev.flowstream.chatflow.chatmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.testing.AnthropicStub;
import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static dev.flowstream.chatflow.ProviderFixture.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The _LlamaIndex chat models: the same providers, with their definitions' inputs and LlamaIndex's names and defaults. */
class LlamaIndexModelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private final OpenAiStub openAi = OpenAiStub.start();
    private final AnthropicStub anthropic = AnthropicStub.start();
    private final RecordingSink sink = new RecordingSink();
    private ProviderFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new ProviderFixture(configDir).env("OPENAI_API_KEY", "o-key").env("ANTHROPIC_API_KEY", "a-key");
    }

    @AfterEach
    void close() {
        fixture.close();
        openAi.close();
        anthropic.close();
    }

    @Test
    void chat_openai_llamaindex_defaults_to_llamaindex_s_model_and_sends_top_p() throws Exception {
        ChatOpenAiNode model = ChatOpenAiNode.load(ProviderFixture.node("chatOpenAI_LlamaIndex_0", ChatOpenAiNode.LLAMA_INDEX,
                Map.of("basepath", openAi.baseUrl(), "topP", "0.5", "temperature", "0")), fixture.runtime());

        await(ask(model, "hi", sink));

        JsonNode sent = JSON.readTree(openAi.lastRequestBody().orElseThrow());
        assertEquals("gpt-3.5-turbo", sent.path("model").asText());
        assertEquals(0.5, sent.path("top_p").asDouble());
        assertEquals("Echo: hi", sink.text());
    }

    @Test
    void chat_anthropic_llamaindex_sends_llamaindex_s_short_claude_3_names_as_their_dated_versions() throws Exception {
        ChatAnthropicNode model = ChatAnthropicNode.load(ProviderFixture.node("chatAnthropic_LlamaIndex_0",
                ChatAnthropicNode.LLAMA_INDEX, Map.of("basepath", anthropic.baseUrl(), "modelName", "claude-3-haiku")), fixture.runtime());

        await(ask(model, "hi", sink));

        assertEquals("claude-3-haiku-20240307", JSON.readTree(anthropic.lastRequestBody().orElseThrow()).path("model").asText());
        assertEquals("Echo: hi", sink.text());
    }

    @Test
    void azure_chat_openai_llamaindex_reaches_a_gateway_by_basepath_and_names_itself_when_it_has_no_key() throws Exception {
        Map<String, Object> inputs = Map.of("basepath", openAi.azureBaseUrl(), "modelName", "gpt-35-turbo",
                "azureOpenAIApiDeploymentName", "gpt35");
        AzureChatOpenAiNode model = AzureChatOpenAiNode.load(ProviderFixture.node("azureChatOpenAI_LlamaIndex_0",
                AzureChatOpenAiNode.LLAMA_INDEX, inputs), fixture.runtime());

        ChatflowException failure = failure(ask(model, "hi", sink));
        assertEquals("azureChatOpenAI_LlamaIndex node azureChatOpenAI_LlamaIndex_0 has no API key: set AZURE_OPENAI_API_KEY "
                + "or the node's azureOpenAIApiKey input", failure.getMessage());

        fixture.env("AZURE_OPENAI_API_KEY", "az-key");
        await(ask(AzureChatOpenAiNode.load(ProviderFixture.node("azureChatOpenAI_LlamaIndex_0", AzureChatOpenAiNode.LLAMA_INDEX,
                inputs), fixture.runtime()), "hi", new RecordingSink()));
        assertEquals(Optional.of("az-key"), openAi.lastHeader("api-key"));
        assertEquals(Optional.of("/openai/deployments/gpt35/chat/completions"), openAi.lastPath());
    }
}
