package dev.flowstream.chatflow.graph;

import java.util.Map;
import java.util.Optional;

/**
 * Flowise node types that Flowstream refuses for a known reason, so a flow using one fails its
 * load saying why instead of just "not supported". Stateless.
 */
final class UnsupportedNodes {

    private static final String JAVASCRIPT = "runs JavaScript, which Flowstream cannot execute";

    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("customTool", JAVASCRIPT),
            Map.entry("customFunction", JAVASCRIPT),
            Map.entry("ifElseFunction", JAVASCRIPT),
            Map.entry("customFunctionAgentflow", JAVASCRIPT),
            Map.entry("customMCP", "starts or connects to an MCP server, which Flowstream does not support"),
            Map.entry("chatflowTool", "calls another chatflow through Flowise's own API, which Flowstream does not provide"),
            Map.entry("agentAsTool", "calls a Flowise agentflow, which Flowstream does not run"),
            Map.entry("codeInterpreterE2B", "runs code in E2B's sandbox, a vendor Flowstream does not support"),
            Map.entry("openAIAssistant", "runs on OpenAI's Assistants API, which OpenAI has retired"),
            Map.entry("autoGPT", "was removed from Flowise 3; build the flow with a tool agent instead"),
            Map.entry("babyAGI", "was removed from Flowise 3; build the flow with a tool agent instead"),
            Map.entry("csvAgent", "runs Python code (pandas) on the file, which Flowstream cannot execute"));

    private UnsupportedNodes() {
    }

    /** Why Flowstream cannot run this node type, when it is one of the known refusals. */
    static Optional<String> why(String type) {
        return Optional.ofNullable(WHY.get(type));
    }
}
