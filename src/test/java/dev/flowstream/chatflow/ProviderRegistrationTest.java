package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.OllamaStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every provider's chat model plugs into a chain of a real export, in place of chatOpenAI. */
class ProviderRegistrationTest {

    @TempDir
    Path configDir;

    @ParameterizedTest
    @ValueSource(strings = {"chatOpenAI", "chatOpenAICustom", "azureChatOpenAI", "chatOllama", "chatMistralAI",
            "chatAnthropic", "chatGoogleGenerativeAI"})
    void a_chain_loads_with_any_supported_chat_model(String type) {
        ObjectNode export = withModelType(ConfigDirs.shipped("openai-chat"), type, Map.of("modelName", "m"));
        ConfigDirs.write(configDir, "flow", export);
        try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
            assertEquals(Map.of(), catalog.failures());
            assertTrue(catalog.find("flow").orElseThrow().streamable());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatOpenAI_LlamaIndex", "azureChatOpenAI_LlamaIndex", "chatAnthropic_LlamaIndex"})
    void a_llamaindex_chat_model_is_refused_by_a_langchain_chain_naming_what_fits(String type) {
        ObjectNode export = withModelType(ConfigDirs.shipped("openai-chat"), type, Map.of("modelName", "m"));
        ConfigDirs.write(configDir, "flow", export);
        try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
            assertTrue(catalog.failures().get("flow").startsWith("node llmChain_0 (llmChain) input model is connected to "
                    + "node chatOpenAI_0 of type " + type + "; Flowstream supports only a chat model there (azureChatOpenAI, "),
                    catalog.failures().toString());
        }
    }

    @Test
    void an_ollama_chain_streams_through_the_registry() throws Exception {
        try (OllamaStub ollama = OllamaStub.start()) {
            ObjectNode export = withModelType(ConfigDirs.shipped("openai-chat"), "chatOllama",
                    Map.of("baseUrl", ollama.baseUrl(), "modelName", "llama3"));
            ConfigDirs.write(configDir, "flow", export);
            try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
                FlowResult result = FlowFixture.await(catalog.find("flow").orElseThrow()
                        .run(FlowRequest.of("hello llama"), event -> { }));
                assertTrue(result.text().contains("hello llama"), result.text());
            }
        }
    }

    /** The export with its chatOpenAI_0 node turned into {@code type}, keeping id and wiring. */
    private static ObjectNode withModelType(ObjectNode export, String type, Map<String, Object> inputs) {
        for (JsonNode node : export.path("nodes")) {
            if (node.path("id").asText().equals("chatOpenAI_0")) ((ObjectNode) node.path("data")).put("name", type);
        }
        return ConfigDirs.withInputs(export, "chatOpenAI_0", inputs);
    }
}
