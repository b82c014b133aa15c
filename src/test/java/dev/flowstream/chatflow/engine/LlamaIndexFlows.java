package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.PineconeStub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The LlamaIndex exports under {@code src/test/resources/chatflows} loaded as flow {@code flow},
 * with their models on an {@link OpenAiStub}, their embeddings (OpenAI's or Azure's) on an {@link EmbeddingStub} and
 * Pinecone on a {@link PineconeStub}; and the prompts the model was sent.
 */
final class LlamaIndexFlows implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlowFixture fixture;
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final PineconeStub pinecone = PineconeStub.start("pc-key");

    LlamaIndexFlows(Path configDir) {
        fixture = new FlowFixture(configDir);
    }

    OpenAiStub openAi() {
        return fixture.stub();
    }

    PineconeStub pinecone() {
        return pinecone;
    }

    EmbeddingStub embeddings() {
        return embeddings;
    }

    /** The export with every LlamaIndex model and embeddings node pointed at the stubs. */
    ObjectNode export(String name) {
        ObjectNode export = FlowFixture.export(name);
        for (JsonNode node : export.path("nodes")) {
            String type = node.path("data").path("name").asText();
            String id = node.path("id").asText();
            if (type.equals("chatOpenAI_LlamaIndex")) ConfigDirs.withInputs(export, id, Map.of("basepath", openAi().baseUrl()));
            if (type.equals("openAIEmbedding_LlamaIndex")) {
                ConfigDirs.withInputs(export, id, Map.of("basepath", embeddings.openAiBaseUrl()));
            }
            if (type.equals("azureOpenAIEmbeddingsLlamaIndex")) {
                ConfigDirs.withInputs(export, id, Map.of("basepath", embeddings.ollamaBaseUrl() + "/openai/deployments"));
            }
        }
        return export;
    }

    DirectoryCatalog catalog(ObjectNode export) {
        Map<String, String> environment = Map.of("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl(), "PINECONE_API_KEY", "pc-key");
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
    }

    /** The export loaded, and its vector stores filled by an upsert when it has any. */
    Chatflow flow(String name) throws Exception {
        return flow(export(name));
    }

    /** As {@link #flow(String)}, for an export changed by the test. */
    Chatflow flow(ObjectNode export) throws Exception {
        Chatflow flow = catalog(export).find("flow").orElseThrow();
        if (export.toString().contains("pineconeLlamaIndex") || export.toString().contains("simpleStoreLlamaIndex")) {
            flow.upsert(Map.of()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        return flow;
    }

    /** The last user message of each request the model received, oldest first. */
    List<String> prompts() {
        List<String> prompts = new ArrayList<>();
        for (JsonNode messages : sentMessages()) prompts.add(messages.get(messages.size() - 1).path("content").asText());
        return prompts;
    }

    /** The messages of each request the model received, as {@code role: content}. */
    List<List<String>> conversations() {
        List<List<String>> conversations = new ArrayList<>();
        for (JsonNode messages : sentMessages()) {
            List<String> lines = new ArrayList<>();
            messages.forEach(message -> lines.add(message.path("role").asText() + ": " + message.path("content").asText()));
            conversations.add(lines);
        }
        return conversations;
    }

    private List<JsonNode> sentMessages() {
        List<JsonNode> all = new ArrayList<>();
        for (String body : openAi().requestBodies()) {
            try {
                all.add(JSON.readTree(body).path("messages"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    @Override
    public void close() {
        fixture.close();
        embeddings.close();
        pinecone.close();
    }
}
