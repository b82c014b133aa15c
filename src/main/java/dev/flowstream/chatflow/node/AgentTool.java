package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.streaming.SourceDocument;
import dev.langchain4j.agent.tool.ToolSpecification;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A tool node ({@code calculator}, {@code chainTool}, ...) as agents see it: what the model is told
 * about it, and how to call it with the model's JSON arguments. A call that fails (thrown or as a
 * failed stage) is not fatal: the agent gives the error text to the model as the tool's output.
 *
 * <p>Threading: implementations are immutable and called concurrently, from worker threads.
 */
public interface AgentTool extends AutoCloseable {

    /** The name the model calls the tool by. */
    String name();

    ToolSpecification specification();

    /** Flowise's {@code returnDirect}: the tool's output is the agent's answer. */
    default boolean returnDirect() {
        return false;
    }

    /** Runs the tool; {@code arguments} is the JSON the model wrote. */
    CompletionStage<String> call(String arguments, FlowRequest request);

    /** What one call gave: its output for the model, and the documents the agent's answer cites. */
    record Output(String text, List<SourceDocument> sources) {
        public Output {
            sources = List.copyOf(sources);
        }
    }

    /** Runs the tool, keeping the documents it found (a retriever's, when asked to return them). */
    default CompletionStage<Output> callForSources(String arguments, FlowRequest request) {
        return call(arguments, request).thenApply(text -> new Output(text, List.of()));
    }

    /** Releases what the tool holds (a chain it runs). */
    @Override
    default void close() {
    }
}
