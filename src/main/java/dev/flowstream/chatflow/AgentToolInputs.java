package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a tool's {@code name} and {@code description}, and an agent's {@code tools} input as Flowise writes it: a list of node references
 * ({@code ["{{calculator_0.data.instance}}", "{{chainTool_0.data.instance}}"]}), or a single one.
 * Stateless.
 */
final class AgentToolInputs {

    /** What OpenAI accepts as a function name. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private AgentToolInputs() {
    }

    /** A tool node's {@code name} input, checked against what models accept. */
    static String toolName(ExportNode node) {
        String name = node.inputs().text("name").map(String::trim)
                .orElseThrow(() -> node.failure("needs a name (input name)"));
        if (!TOOL_NAME.matcher(name).matches()) {
            throw node.failure("input name must be 1 to 64 letters, digits, _ or -, as models require: " + name);
        }
        return name;
    }

    /** A tool node's {@code description} input: the model reads it to choose the tool. */
    static String toolDescription(ExportNode node) {
        return node.inputs().text("description").map(String::trim)
                .orElseThrow(() -> node.failure("needs a description (input description): the model reads it"));
    }

    /** The ids of the referenced nodes, in order; each entry is checked as a single reference is. */
    static List<String> references(ExportNode node, String input) {
        if (node.inputs().text(input).isPresent()) return List.of(node.inputs().reference(input).orElseThrow());
        JsonNode value = node.inputs().json(input).orElse(null);
        if (value == null) return List.of();
        if (!value.isArray()) throw node.failure("input " + input + " must be a list of node references");
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : value) {
            new NodeInputs(node.id(), node.name(), Map.of(input, entry)).reference(input).ifPresent(ids::add);
        }
        return ids;
    }
}
