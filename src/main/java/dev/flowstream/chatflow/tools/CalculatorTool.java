package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.support.ToolArguments;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code calculator} tool: evaluates the arithmetic in its {@code input} argument with
 * {@link Arithmetic}. A bad expression fails the call (the agent shows the model why).
 *
 * <p>Threading: immutable; safe to call concurrently.
 */
final class CalculatorTool extends SpecifiedTool {

    static final String NAME = "calculator";
    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(NAME)
            .description("Useful for getting the result of a math expression. The input to this tool should be a "
                    + "valid mathematical expression that could be executed by a simple calculator.")
            .parameters(JsonObjectSchema.builder().addStringProperty("input", "the expression, e.g. 2*(3+4)")
                    .required("input").build())
            .build();

    CalculatorTool() {
        super(SPECIFICATION);
    }

    static CalculatorTool load(ExportNode node) {
        return new CalculatorTool();
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        return CompletableFuture.completedFuture(Arithmetic.format(Arithmetic.evaluate(ToolArguments.input(arguments))));
    }
}
