package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PineconeStub;
import dev.flowstream.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's "Context Chat Engine" template (as unpacked into {@code target/flowise-templates}) with
 * what a user sets in the canvas (a text file, a Pinecone index, keys), its models, embeddings and
 * Pinecone on local stubs and its RedisBackedChatMemory on a real redis-server: the second question
 * carries the first exchange, read back from Redis by a freshly loaded copy of the flow.
 */
class ContextChatEngineTemplateTest {

    private static final Path TEMPLATES = Path.of("target/flowise-templates");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTTERS = "Sea otters hold hands while they sleep.";

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private RedisServer redis;
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final PineconeStub pinecone = PineconeStub.start("pc-key");

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        redis.close();
        embeddings.close();
        pinecone.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void context_chat_engine_answers_from_pinecone_and_remembers_in_redis_across_a_reload(String version) throws Exception {
        ObjectNode export = template(version);
        String file = "data:text/plain;base64," + Base64.getEncoder().encodeToString(OTTERS.getBytes(StandardCharsets.UTF_8))
                + ",filename:otters.txt";
        ConfigDirs.withInputs(export, "textFile_0", Map.of("txtFile", file));
        ConfigDirs.withInputs(export, "pineconeLlamaIndex_0", Map.of("pineconeIndex", "facts"));
        ConfigDirs.withInputs(export, "openAIEmbedding_LlamaIndex_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        for (String model : List.of("chatOpenAI_LlamaIndex_1", "chatOpenAI_LlamaIndex_2")) {
            ConfigDirs.withInputs(export, model, Map.of("basepath", fixture.stub().baseUrl()));
        }
        DirectoryCatalog first = catalog(export);
        Chatflow flow = first.find("flow").orElseThrow();
        flow.upsert(Map.of()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        await(flow.run(new FlowRequest("Why do sea otters hold hands?", "chat-1", Map.of(), List.of()), new RecordingSink()));
        first.close();

        RecordingSink sink = new RecordingSink();
        FlowResult result = await(catalog(export).find("flow").orElseThrow()
                .run(new FlowRequest("Do they sleep?", "chat-1", Map.of(), List.of()), sink));

        List<String> sent = lastConversation();
        assertTrue(sent.get(0).startsWith("system: ") && sent.get(0).contains(OTTERS), sent.toString());
        assertEquals(List.of("user: Why do sea otters hold hands?", "assistant: Echo: Why do sea otters hold hands?",
                "user: Do they sleep?"), sent.subList(sent.size() - 3, sent.size()));
        assertEquals("Echo: Do they sleep?", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(OTTERS, result.sourceDocuments().get(0).pageContent());
        try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
            assertEquals(4, jedis.llen("chat-1"));
        }
    }

    private DirectoryCatalog catalog(ObjectNode export) {
        Map<String, String> environment = Map.of("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl(), "PINECONE_API_KEY", "pc-key",
                "REDIS_URL", redis.url());
        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog;
    }

    private List<String> lastConversation() throws Exception {
        JsonNode messages = JSON.readTree(fixture.stub().lastRequestBody().orElseThrow()).path("messages");
        List<String> lines = new ArrayList<>();
        messages.forEach(message -> lines.add(message.path("role").asText() + ": " + message.path("content").asText()));
        return lines;
    }

    private static ObjectNode template(String version) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(TEMPLATES.resolve(version).resolve("Context Chat Engine.json")));
    }
}
