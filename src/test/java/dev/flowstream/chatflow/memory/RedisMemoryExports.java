package dev.flowstream.chatflow.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The conversationChain export with its bufferMemory swapped for a RedisBackedChatMemory {@code redisMemory_0}. */
final class RedisMemoryExports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisMemoryExports() {
    }

    /** The export, its model on the fixture's stub, the memory with {@code inputs}. */
    static ObjectNode conversation(FlowFixture fixture, Map<String, Object> inputs) {
        try {
            String text = JSON.writeValueAsString(FlowFixture.export("conversation-buffer")).replace("bufferMemory_0", "redisMemory_0");
            ObjectNode export = (ObjectNode) JSON.readTree(text);
            for (JsonNode node : export.path("nodes")) {
                if (node.path("id").asText().equals("redisMemory_0")) ((ObjectNode) node.path("data")).put("name", "RedisBackedChatMemory");
            }
            ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
            return ConfigDirs.withInputs(export, "redisMemory_0", inputs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
