package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.QueryEngineTool;
import dev.flowstream.chatflow.engine.SubQuestions.SubQuestion;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sub-questions asked of their tools, all at once, each answer a passage
 * {@code "Sub question: <question>\nResponse: <answer>"} (no metadata), in the sub-questions'
 * order. As in LlamaIndex, a sub-question naming no tool of the engine, or answered with nothing,
 * is left out, and so is one whose tool failed; but when no sub-question got an answer and a tool
 * failed, the answer fails with the first failure rather than be made from nothing.
 *
 * <p>Threading: immutable; the tools are asked concurrently and complete on their own threads.
 */
final class SubQuestionAnswers {

    private static final Logger LOG = Logger.getLogger(SubQuestionAnswers.class.getName());

    /** What asking one sub-question gave: a passage, nothing, or the failure. */
    private record Outcome(Optional<SourceDocument> passage, Optional<Throwable> failure) {
        static final Outcome NONE = new Outcome(Optional.empty(), Optional.empty());
    }

    private final String owner;
    private final List<QueryEngineTool> tools;

    SubQuestionAnswers(String owner, List<QueryEngineTool> tools) {
        this.owner = owner;
        this.tools = List.copyOf(tools);
    }

    List<QueryEngineTool> tools() {
        return tools;
    }

    CompletionStage<List<SourceDocument>> ask(List<SubQuestion> questions, FlowRequest request) {
        List<CompletableFuture<Outcome>> outcomes = questions.stream().map(question -> ask(question, request)).toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Outcome> all = outcomes.stream().map(CompletableFuture::join).toList();
            List<Throwable> failures = all.stream().flatMap(outcome -> outcome.failure().stream()).toList();
            List<SourceDocument> passages = all.stream().flatMap(outcome -> outcome.passage().stream()).toList();
            if (passages.isEmpty() && !failures.isEmpty()) throw failed(failures.get(0));
            return passages;
        });
    }

    private CompletableFuture<Outcome> ask(SubQuestion question, FlowRequest request) {
        Optional<QueryEngineTool> tool = tools.stream().filter(candidate -> candidate.name().equals(question.toolName()))
                .findFirst();
        if (tool.isEmpty()) return CompletableFuture.completedFuture(Outcome.NONE);
        CompletionStage<String> answer;
        try {
            answer = tool.get().query(question.question(), request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((text, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                LOG.warning(owner + ": tool " + question.toolName() + " failed on its sub-question, which is left out: "
                        + (cause instanceof ChatflowException ? cause.getMessage() : cause.getClass().getSimpleName()));
                LOG.log(Level.FINE, "the failure of tool " + question.toolName(), cause);
                return new Outcome(Optional.empty(), Optional.of(cause));
            }
            if (text == null || text.isEmpty()) return Outcome.NONE;
            return new Outcome(Optional.of(new SourceDocument("Sub question: " + question.question() + "\nResponse: " + text,
                    Map.of())), Optional.empty());
        }).toCompletableFuture();
    }

    private ChatflowException failed(Throwable cause) {
        if (cause instanceof ChatflowException chatflow) return chatflow;
        return new ChatflowException(Kind.CHAIN, owner + ": every sub-question failed", cause);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
