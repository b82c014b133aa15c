package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code tools} category: what an agent can call (web searches among them), and what a sub-question query engine can ask. */
public final class ToolNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(CalculatorTool.NAME, (node, wiring) -> CalculatorTool.load(node), Role.TOOL),
            NodeType.of(CurrentDateTimeTool.NAME, (node, wiring) -> CurrentDateTimeTool.load(node), Role.TOOL),
            NodeType.of(ChainTool.NAME, ChainTool::load, Role.TOOL),
            NodeType.of(RetrieverTool.NAME, RetrieverTool::load, Role.TOOL),
            NodeType.of(SerpApiTool.NAME, SerpApiTool::load, Role.TOOL),
            NodeType.of(SerperTool.NAME, SerperTool::load, Role.TOOL),
            NodeType.of(GoogleCustomSearchTool.NAME, GoogleCustomSearchTool::load, Role.TOOL),
            NodeType.of(QueryEngineToolNode.NAME, QueryEngineToolNode::load, Role.QUERY_ENGINE_TOOL));

    private ToolNodes() {
    }
}
