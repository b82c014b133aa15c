package dev.flowstream.chatflow.node;

import dev.flowstream.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code <configDir>/credentials.json}: credential name → its fields, e.g.
 * {@code {"openAIApi": {"openAIApiKey": "sk-..."}}}, as Flowise's credential names and fields.
 * Read once; a missing file means no credentials, an unreadable one is logged (never its content)
 * and ignored, so a prediction that needs a key fails naming what to set. Immutable, thread-safe.
 */
public final class Credentials {

    public static final String FILE = "credentials.json";
    public static final Credentials NONE = new Credentials(Map.of());
    private static final Logger LOG = Logger.getLogger(Credentials.class.getName());

    private final Map<String, Map<String, String>> byName;

    private Credentials(Map<String, Map<String, String>> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static Credentials read(Path configDir) {
        Path file = configDir.resolve(FILE);
        if (!Files.isRegularFile(file)) return NONE;
        try {
            return parse(Json.reader().readTree(Files.readString(file)));
        } catch (JsonProcessingException e) {
            // the location only: the parser's message may quote a key
            String line = Optional.ofNullable(e.getLocation()).map(at -> " (line " + at.getLineNr() + ")").orElse("");
            LOG.warning(file + " is not valid JSON" + line + "; no credentials loaded");
        } catch (IOException e) {
            LOG.warning(file + " cannot be read (" + e.getClass().getSimpleName() + "); no credentials loaded");
        }
        return NONE;
    }

    /** A field of a named credential, when set and not blank. */
    public Optional<String> field(String credentialName, String field) {
        return Optional.ofNullable(byName.getOrDefault(credentialName, Map.of()).get(field))
                .map(String::trim).filter(value -> !value.isEmpty());
    }

    private static Credentials parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            LOG.warning(FILE + " must hold a JSON object of credentials; no credentials loaded");
            return NONE;
        }
        Map<String, Map<String, String>> byName = new HashMap<>();
        root.fields().forEachRemaining(credential -> {
            Map<String, String> fields = new HashMap<>();
            credential.getValue().fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode()) fields.put(field.getKey(), field.getValue().asText());
            });
            byName.put(credential.getKey(), fields);
        });
        return new Credentials(byName);
    }
}
