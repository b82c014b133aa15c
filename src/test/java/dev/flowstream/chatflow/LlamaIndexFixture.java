package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.graph.NodeRegistry;
import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.testing.OpenAiStub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LlamaIndex nodes loaded one at a time through the registry, as a flow would load them, with a
 * {@code chatOpenAI_LlamaIndex} model answering from an {@link OpenAiStub}; and the prompts the
 * stub was sent. For nodes that reference no other node.
 */
public final class LlamaIndexFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiStub openAi = OpenAiStub.start();
    private final FlowRuntime runtime;
    private final Wiring wiring;

    public LlamaIndexFixture(Path configDir) {
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
        wiring = new NoReferences(runtime);
    }

    public OpenAiStub openAi() {
        return openAi;
    }

    /** A {@code chatOpenAI_LlamaIndex} answering from the stub. */
    public ChatModelNode model() {
        return load("chatOpenAI_LlamaIndex_0", "chatOpenAI_LlamaIndex", Map.of("basepath", openAi.baseUrl()), Role.LLAMAINDEX_CHAT_MODEL);
    }

    /** The node of {@code type} with {@code inputs}, built by its registered loader. */
    public <T> T load(String id, String type, Map<String, Object> inputs, Role<T> role) {
        ExportNode node = ProviderFixture.node(id, type, inputs);
        return role.type().cast(NodeRegistry.flowstream().type(type).orElseThrow().loader().load(node, wiring));
    }

    /** The user message of each request the stub received, oldest first. */
    public List<String> prompts() {
        List<String> prompts = new ArrayList<>();
        for (String body : openAi.requestBodies()) {
            try {
                JsonNode messages = JSON.readTree(body).path("messages");
                prompts.add(messages.get(messages.size() - 1).path("content").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return prompts;
    }

    @Override
    public void close() {
        runtime.close();
        openAi.close();
    }

    /** Wiring for a node that references none. */
    private record NoReferences(FlowRuntime runtime) implements Wiring {
        @Override
        public String flowId() {
            return "flow";
        }

        @Override
        public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
            return Optional.empty();
        }

        @Override
        public <T> List<T> all(ExportNode node, String input, Role<T> role) {
            return List.of();
        }

        @Override
        public List<String> typesWith(Role<?> role, Capability capability) {
            return List.of();
        }
    }
}
