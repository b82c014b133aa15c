package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.AgentTool;
import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.support.WordTokens;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.flowstream.streaming.UsedTool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One question to an agent that reads the model's text ({@link TextFormat}): each round the model
 * writes, unstreamed, either a tool call, whose output joins the scratchpad for the next round, or
 * the final answer, which is then streamed word by word through one {@link AnswerStream}, followed
 * by {@code usedTools} and {@code end}. A reply in neither form is answered with what is wrong, as
 * LangChain does when it handles parsing errors. Past {@code maxIterations} model calls the run
 * fails saying so. A tool that fails gives its error text as its output; memory is written only
 * after an answer.
 *
 * <p>Threading: one step at a time (a model completion, then a tool call on the runtime's workers,
 * then the next round), each handing over through a completion stage, so the unsynchronized lists
 * are never touched by two threads at once.
 */
final class TextAgentRun {

    private final AgentNode.Setup agent;
    private final TextFormat format;
    private final FlowRequest request;
    private final AnswerStream answer;
    private final List<ChatTurn> history;
    private final List<TextFormat.Step> steps = new ArrayList<>();
    private final List<UsedTool> used = new ArrayList<>();
    private final List<SourceDocument> sources = new ArrayList<>();

    TextAgentRun(AgentNode.Setup agent, TextFormat format, FlowRequest request, StreamSink sink) {
        this.agent = agent;
        this.format = format;
        this.request = request;
        this.answer = new AnswerStream(sink);
        this.history = agent.memory().map(memory -> memory.history(request)).orElse(List.of());
    }

    CompletionStage<FlowResult> start() {
        round(1);
        return answer.result().thenApply(result -> {
            agent.memory().ifPresent(memory -> memory.remember(request, result.text()));
            return result;
        });
    }

    private void round(int iteration) {
        if (answer.finished()) return;
        if (iteration > agent.maxIterations()) {
            answer.fail(new ChatflowException(Kind.CHAIN, "agent " + agent.id() + " stopped after " + agent.maxIterations()
                    + " iterations without a final answer; raise its maxIterations input or check its tools"));
            return;
        }
        agent.model().stream(format.messages(agent.tools(), history, request.question(), steps), request.overrideConfig(),
                StreamSink.NONE, List.of()).whenComplete((reply, error) -> {
                    if (error != null) answer.fail(failure(error));
                    else decided(format.read(reply.text()), iteration);
                });
    }

    private void decided(TextFormat.Decision decision, int iteration) {
        if (decision instanceof TextFormat.Answer final_) {
            answerWith(final_.text());
        } else if (decision instanceof TextFormat.Unreadable unreadable) {
            steps.add(new TextFormat.Step(unreadable.log(), unreadable.problem()));
            round(iteration + 1);
        } else if (decision instanceof TextFormat.Act act) {
            output(act).whenComplete((output, ignored) -> {
                steps.add(new TextFormat.Step(act.log(), output.text()));
                used.add(new UsedTool(act.tool(), act.input(), output.text()));
                sources.addAll(output.sources());
                if (tool(act.tool()).map(AgentTool::returnDirect).orElse(false)) answerWith(output.text());
                else round(iteration + 1);
            });
        }
    }

    /** The tool's output; as in LangChain, an unknown tool or a failure is told to the model as the output. */
    private CompletionStage<AgentTool.Output> output(TextFormat.Act act) {
        Optional<AgentTool> tool = tool(act.tool());
        if (tool.isEmpty()) {
            return CompletableFuture.completedFuture(new AgentTool.Output(act.tool() + " is not a valid tool, try one of "
                    + agent.tools().stream().map(AgentTool::name).toList() + ".", List.of()));
        }
        String arguments = Json.tree(Map.of("input", act.input())).toString();
        return CompletableFuture.supplyAsync(() -> tool.get().callForSources(arguments, request), agent.runtime().workers())
                .thenCompose(stage -> stage)
                .handle((output, error) -> error == null ? output : new AgentTool.Output(errorText(error), List.of()));
    }

    private Optional<AgentTool> tool(String name) {
        return agent.tools().stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    private void answerWith(String text) {
        try {
            for (String token : WordTokens.split(text)) {
                if (!answer.token(token)) return;
            }
            answer.complete(sources, used);
        } catch (RuntimeException e) {
            answer.fail(new ChatflowException(Kind.CHAIN, "Flowstream failed while streaming agent " + agent.id(), e));
        }
    }

    private ChatflowException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ChatflowException known ? known
                : new ChatflowException(Kind.CHAIN, "agent " + agent.id() + " failed: " + errorText(cause), cause);
    }

    private static String errorText(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
