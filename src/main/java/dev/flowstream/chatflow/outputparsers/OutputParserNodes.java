package dev.flowstream.chatflow.outputparsers;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code outputparsers} category: what an {@code llmChain}'s {@code outputParser}
 * input takes to shape its answer into JSON.
 */
public final class OutputParserNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(CsvOutputParserNode.NAME, CsvOutputParserNode::load, Role.OUTPUT_PARSER),
            NodeType.of(CustomListOutputParserNode.NAME, CustomListOutputParserNode::load, Role.OUTPUT_PARSER),
            NodeType.of(StructuredOutputParserNode.NAME, StructuredOutputParserNode::load, Role.OUTPUT_PARSER),
            NodeType.of(AdvancedStructuredOutputParserNode.NAME, AdvancedStructuredOutputParserNode::load,
                    Role.OUTPUT_PARSER));

    private OutputParserNodes() {
    }
}
