package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ConfigDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Flowise's marketplace templates as the build unpacks them, edited as a user would in the canvas. */
final class TemplateFlows {

    private static final Path TEMPLATES = Path.of("target/flowise-templates");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateFlows() {
    }

    static ObjectNode template(String versionAndName) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(TEMPLATES.resolve(versionAndName + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode set(ObjectNode export, String nodeId, Map<String, Object> inputs) {
        return ConfigDirs.withInputs(export, nodeId, inputs);
    }
}
