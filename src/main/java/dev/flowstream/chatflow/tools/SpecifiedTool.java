package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.AgentTool;
import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * What every tool node has: the specification the model is shown, whose name is the tool's name.
 *
 * <p>Threading: immutable.
 */
abstract class SpecifiedTool implements AgentTool {

    private final ToolSpecification specification;

    SpecifiedTool(ToolSpecification specification) {
        this.specification = specification;
    }

    @Override
    public final String name() {
        return specification.name();
    }

    @Override
    public final ToolSpecification specification() {
        return specification;
    }
}
