package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.support.Messages;
import dev.flowstream.chatflow.node.AgentTool;
import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.support.ToolArguments;
import dev.flowstream.chatflow.support.WordTokens;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.flowstream.streaming.UsedTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One question to an agent: rounds of "model decides, tools run" until the model answers without
 * calling a tool. Rounds that call tools stream nothing; the answering round streams its tokens
 * through one {@link AnswerStream}, which then sends {@code usedTools} and {@code end}. A tool that
 * fails gives its error text as its output, and the run goes on; past {@code maxIterations} model
 * calls without an answer the run fails. Memory is written only after a successful answer.
 *
 * <p>Threading: one step at a time (a model callback, then tool calls on the runtime's workers,
 * then the next round), each handing over to the next through the model client or the executor,
 * so the unsynchronized lists are never touched by two threads at once.
 */
final class AgentRun {

    private final AgentNode.Setup agent;
    private final FlowRequest request;
    private final AnswerStream answer;
    private final List<ToolSpecification> specifications;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<UsedTool> used = new ArrayList<>();
    private final List<SourceDocument> sources = new ArrayList<>();

    AgentRun(AgentNode.Setup agent, FlowRequest request, String system, StreamSink sink) {
        this.agent = agent;
        this.request = request;
        this.answer = new AnswerStream(sink);
        this.specifications = agent.tools().stream().map(AgentTool::specification).toList();
        messages.add(SystemMessage.from(system));
        messages.addAll(Messages.of(agent.memory().map(memory -> memory.history(request)).orElse(List.of())));
        messages.add(UserMessage.from(request.question()));
    }

    CompletionStage<FlowResult> start() {
        round(1);
        return answer.result().thenApply(result -> {
            agent.memory().ifPresent(memory -> memory.remember(request, result.text()));
            return result;
        });
    }

    private void round(int iteration) {
        if (iteration > agent.maxIterations()) {
            answer.fail(new ChatflowException(Kind.CHAIN, "agent " + agent.id() + " stopped after " + agent.maxIterations()
                    + " iterations without a final answer; raise its maxIterations input or check its tools"));
            return;
        }
        agent.model().round(List.copyOf(messages), specifications, request.overrideConfig(), answer,
                response -> decided(response, iteration));
    }

    /** On the model's thread: answer, or hand the tool calls to a worker. */
    private void decided(ChatResponse response, int iteration) {
        AiMessage reply = response.aiMessage();
        if (!reply.hasToolExecutionRequests()) {
            answer.complete(sources, used);
            return;
        }
        messages.add(reply);
        agent.runtime().workers().execute(() -> callTools(reply.toolExecutionRequests(), 0, iteration));
    }

    private void callTools(List<ToolExecutionRequest> calls, int index, int iteration) {
        if (answer.finished()) return;
        if (index == calls.size()) {
            Optional<String> direct = directAnswer(calls);
            if (direct.isPresent()) answerDirectly(direct.get());
            else round(iteration + 1);
            return;
        }
        ToolExecutionRequest call = calls.get(index);
        output(call).whenComplete((output, ignored) -> {
            messages.add(ToolExecutionResultMessage.from(call, output.text()));
            used.add(new UsedTool(call.name(), ToolArguments.asData(call.arguments()), output.text()));
            sources.addAll(output.sources());
            callTools(calls, index + 1, iteration);
        });
    }

    /** The tool's output; as in Flowise, a failure's message is the output, so the model can react. */
    private CompletionStage<AgentTool.Output> output(ToolExecutionRequest call) {
        Optional<AgentTool> tool = tool(call.name());
        if (tool.isEmpty()) {
            return CompletableFuture.completedFuture(new AgentTool.Output(call.name() + " is not a valid tool, try one of "
                    + agent.tools().stream().map(AgentTool::name).toList() + ".", List.of()));
        }
        CompletionStage<AgentTool.Output> stage;
        try {
            stage = tool.get().callForSources(call.arguments(), request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((output, error) -> error == null ? output : new AgentTool.Output(errorText(error), List.of()));
    }

    private Optional<AgentTool> tool(String name) {
        return agent.tools().stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    /** A returnDirect tool's output is the answer (the last such call's, when several ran). */
    private Optional<String> directAnswer(List<ToolExecutionRequest> calls) {
        Optional<String> direct = Optional.empty();
        List<UsedTool> round = used.subList(used.size() - calls.size(), used.size());
        for (UsedTool call : round) {
            if (tool(call.tool()).map(AgentTool::returnDirect).orElse(false)) direct = Optional.of(call.toolOutput());
        }
        return direct;
    }

    private void answerDirectly(String text) {
        try {
            for (String token : WordTokens.split(text)) {
                if (!answer.token(token)) return;
            }
            answer.complete(sources, used);
        } catch (RuntimeException e) {
            answer.fail(new ChatflowException(Kind.CHAIN, "Flowstream failed while streaming agent " + agent.id(), e));
        }
    }

    private static String errorText(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
