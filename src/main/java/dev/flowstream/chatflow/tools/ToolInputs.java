package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.ExportNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.regex.Pattern;

/**
 * Reads a tool node's {@code name} and {@code description} inputs: what the model calls the tool by
 * and reads to choose it. Stateless.
 */
final class ToolInputs {

    /** What OpenAI accepts as a function name. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ToolInputs() {
    }

    /** What the model is shown of a tool node: its name, its description and one string argument, {@code input}. */
    static ToolSpecification specification(ExportNode node, String inputDescription) {
        return ToolSpecification.builder()
                .name(toolName(node))
                .description(toolDescription(node))
                .parameters(JsonObjectSchema.builder().addStringProperty("input", inputDescription).required("input").build())
                .build();
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
}
