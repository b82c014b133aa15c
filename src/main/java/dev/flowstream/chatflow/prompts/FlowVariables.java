package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Flowise's variables, what {@code {{$vars.<name>}}} reads: {@code <configDir>/variables.json}, an
 * array of {@code {"name", "value", "type"}} as Flowise lists them; a {@code static} variable is its
 * value, a {@code runtime} one the environment variable of its name (empty when unset, as in
 * Flowise). Read when a prompt first asks; a missing file means no variables.
 *
 * <p>Threading: the file is read once, under the instance's lock; then immutable.
 */
final class FlowVariables {

    static final String FILE = "variables.json";
    static final FlowVariables NONE = new FlowVariables(Path.of(FILE), name -> Optional.empty());

    private final Path file;
    private final Function<String, Optional<String>> environment;
    private Map<String, String> values; // guarded by this

    private FlowVariables(Path file, Function<String, Optional<String>> environment) {
        this.file = file;
        this.environment = environment;
    }

    static FlowVariables in(Path configDir, Function<String, Optional<String>> environment) {
        return new FlowVariables(configDir.resolve(FILE), environment);
    }

    synchronized Optional<String> value(String name) {
        if (values == null) values = this == NONE ? Map.of() : read();
        return Optional.ofNullable(values.get(name));
    }

    private Map<String, String> read() {
        if (!Files.isRegularFile(file)) return Map.of();
        JsonNode list;
        try {
            list = Json.reader().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new FlowLoadException(FILE + " cannot be read as JSON: " + e.getMessage());
        }
        if (list == null || !list.isArray()) throw new FlowLoadException(FILE + " must be a JSON array of {name, value, type}");
        Map<String, String> read = new HashMap<>();
        for (JsonNode variable : list) {
            String name = variable.path("name").asText("");
            if (name.isBlank()) throw new FlowLoadException(FILE + " has a variable without a name");
            boolean runtime = variable.path("type").asText("static").equals("runtime");
            read.put(name, runtime ? environment.apply(name).orElse("") : variable.path("value").asText(""));
        }
        return Map.copyOf(read);
    }
}
