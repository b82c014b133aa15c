package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.QueryEngineTool;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.StreamSink;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code queryEngineToolLlamaIndex}: the query engine of its {@code baseQueryEngine}
 * input offered to a {@code subQuestionQueryEngine} as {@code toolName}, described by
 * {@code toolDesc} (LlamaIndex's defaults, {@code query_engine_tool} and its generic description,
 * when empty). A sub-question is asked as the engine's question, in the prediction's chat and with
 * its overrides; the answer streams to no one.
 *
 * <p>Threading: immutable; safe to ask concurrently (as its engine is).
 */
final class QueryEngineToolNode implements QueryEngineTool {

    static final String NAME = "queryEngineToolLlamaIndex";
    static final String DEFAULT_NAME = "query_engine_tool";
    static final String DEFAULT_DESCRIPTION = "Useful for running a natural language query against a knowledge base "
            + "and get back a natural language response.";

    private final String name;
    private final String description;
    private final FlowEnd engine;

    private QueryEngineToolNode(String name, String description, FlowEnd engine) {
        this.name = name;
        this.description = description;
        this.engine = engine;
    }

    static QueryEngineToolNode load(ExportNode node, Wiring wiring) {
        FlowEnd engine = wiring.required(node, "baseQueryEngine", Role.QUERY_ENGINE);
        return new QueryEngineToolNode(node.inputs().text("toolName").map(String::trim).orElse(DEFAULT_NAME),
                node.inputs().text("toolDesc").map(String::trim).orElse(DEFAULT_DESCRIPTION), engine);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public CompletionStage<String> query(String question, FlowRequest request) {
        FlowRequest asked = new FlowRequest(question, request.chatId(), request.overrideConfig(), List.of());
        return engine.run(asked, StreamSink.NONE).thenApply(FlowResult::text);
    }
}
