package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.config.Settings;
import dev.flowstream.testing.OpenAiStub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Loads the Flowise-shaped exports under {@code src/test/resources/chatflows} into a catalog of one
 * flow, pointed at an {@link OpenAiStub}, and reads back what the stub was sent.
 */
public final class FlowFixture implements AutoCloseable {

    public static final Path EXPORTS = Path.of("src/test/resources/chatflows");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configDir;
    private final OpenAiStub stub = OpenAiStub.start();
    private final List<DirectoryCatalog> catalogs = new ArrayList<>();

    public FlowFixture(Path configDir) {
        this.configDir = configDir;
    }

    public static ObjectNode export(String name) {
        try {
            return (ObjectNode) JSON.readTree(EXPORTS.resolve(name + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings with the memory bounds given, short timeouts otherwise left at test defaults. */
    public static Settings settings(int maxSessions, long idleTtlMs) {
        return Settings.from(key -> switch (key) {
            case "flowstream.model.timeout.ms", "flowstream.stall.timeout.ms" -> "10000";
            case "flowstream.memory.max.sessions" -> String.valueOf(maxSessions);
            case "flowstream.memory.idle.ttl.ms" -> String.valueOf(idleTtlMs);
            default -> null;
        });
    }

    public OpenAiStub stub() {
        return stub;
    }

    /** The export's chatOpenAI_0 pointed at the stub, loaded as flow {@code id}. */
    public Chatflow flow(ObjectNode export, Settings settings) {
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", stub.baseUrl()));
        return catalog(export, settings).find("flow").orElseThrow();
    }

    public Chatflow flow(String name) {
        return flow(export(name), settings(100, 3_600_000));
    }

    public DirectoryCatalog catalog(ObjectNode export, Settings settings) {
        return catalog(export, settings, name -> null);
    }

    public DirectoryCatalog catalog(ObjectNode export, Settings settings, Function<String, String> environment) {
        ConfigDirs.write(configDir, "flow", export);
        DirectoryCatalog catalog = DirectoryCatalog.open(configDir, settings, environment);
        catalogs.add(catalog);
        return catalog;
    }

    /** The messages of the stub's last request as {@code role: content} lines. */
    public List<String> sentMessages() {
        try {
            JsonNode body = JSON.readTree(stub.lastRequestBody().orElseThrow());
            List<String> messages = new ArrayList<>();
            body.path("messages").forEach(m -> messages.add(m.path("role").asText() + ": " + m.path("content").asText()));
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode sentBody() {
        try {
            return JSON.readTree(stub.lastRequestBody().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FlowResult await(CompletionStage<FlowResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    public static ChatflowException failure(CompletionStage<FlowResult> stage) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
        return assertInstanceOf(ChatflowException.class, thrown.getCause());
    }

    @Override
    public void close() {
        catalogs.forEach(DirectoryCatalog::close);
        stub.close();
    }
}
