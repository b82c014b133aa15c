package dev.flowstream.streaming;

import java.util.Objects;

/**
 * One tool call an agent made: Flowise's {@code {tool, toolInput, toolOutput}}.
 * {@code toolInput} is JSON-shaped data (a map, list, string or number). Immutable.
 */
public record UsedTool(String tool, Object toolInput, String toolOutput) {
    public UsedTool {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(toolOutput, "toolOutput");
    }
}
