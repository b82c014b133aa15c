package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Builds config directories for tests from the exports shipped in {@code server-config/chatflows}. */
public final class ConfigDirs {

    public static final Path SHIPPED = Path.of("server-config");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigDirs() {
    }

    /** A shipped export, as Flowise wrote it. */
    public static ObjectNode shipped(String id) {
        try {
            return (ObjectNode) JSON.readTree(SHIPPED.resolve("chatflows").resolve(id + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The export with some of one node's inputs replaced. */
    public static ObjectNode withInputs(ObjectNode export, String nodeId, Map<String, Object> inputs) {
        for (JsonNode node : export.path("nodes")) {
            if (!node.path("id").asText().equals(nodeId)) continue;
            ObjectNode in = (ObjectNode) node.path("data").path("inputs");
            inputs.forEach((key, value) -> in.set(key, JSON.valueToTree(value)));
            return export;
        }
        throw new IllegalArgumentException("no node " + nodeId);
    }

    public static void write(Path configDir, String id, JsonNode export) {
        write(configDir, id, export.toPrettyString());
    }

    public static void write(Path configDir, String id, String export) {
        try {
            Files.createDirectories(configDir.resolve("chatflows"));
            Files.writeString(configDir.resolve("chatflows").resolve(id + ".json"), export);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void doc(Path configDir, String name, String text) {
        try {
            Path file = configDir.resolve("docs").resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defaults with a short stall timeout, so silence tests stay fast. */
    public static Settings settings(Duration modelTimeout, Duration stallTimeout) {
        return Settings.from(key -> switch (key) {
            case "flowstream.model.timeout.ms" -> String.valueOf(modelTimeout.toMillis());
            case "flowstream.stall.timeout.ms" -> String.valueOf(stallTimeout.toMillis());
            default -> null;
        });
    }

    public static Settings settings() {
        return settings(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
