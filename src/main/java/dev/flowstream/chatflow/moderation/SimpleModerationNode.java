package dev.flowstream.chatflow.moderation;

import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Moderation;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.UserMessage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code inputModerationSimple}: blocks a question that contains, ignoring case, any line
 * of {@code denyList}; the answer is then {@code moderationErrorMessage} (default Flowise's). With a
 * chat {@code model}, it asks the model instead, line by line, whether the question and the line
 * say the same, and blocks on the first answer that holds "yes"; a model that fails fails the
 * question (502).
 *
 * <p>Threading: immutable; safe to call concurrently; the model calls back on its own threads.
 */
final class SimpleModerationNode implements Moderation {

    static final String NAME = "inputModerationSimple";
    static final String DEFAULT_MESSAGE = "Cannot Process! Input violates content moderation policies.";

    private final List<String> denied;
    private final String message;
    private final Optional<ChatModelNode> model;

    private SimpleModerationNode(List<String> denied, String message, Optional<ChatModelNode> model) {
        this.denied = List.copyOf(denied);
        this.message = message;
        this.model = model;
    }

    static SimpleModerationNode load(ExportNode node, Wiring wiring) {
        Optional<ChatModelNode> model = wiring.optional(node, "model", Role.CHAT_MODEL);
        // Flowise neither trims the lines nor skips blank ones but empty: a line of spaces blocks every question with one
        List<String> denied = node.inputs().verbatim("denyList").stream()
                .flatMap(list -> Arrays.stream(list.split("\r?\n")))
                .filter(line -> !line.isEmpty())
                .toList();
        if (denied.isEmpty()) throw node.failure("input denyList must list at least one phrase, one a line");
        String message = node.inputs().verbatim("moderationErrorMessage").orElse(DEFAULT_MESSAGE);
        return new SimpleModerationNode(denied, message, model);
    }

    @Override
    public CompletionStage<Optional<String>> refusal(String question) {
        if (model.isPresent()) return asked(model.get(), question, 0);
        String lower = question.toLowerCase(Locale.ROOT);
        boolean blocked = denied.stream().anyMatch(line -> lower.contains(line.toLowerCase(Locale.ROOT)));
        return CompletableFuture.completedFuture(blocked ? Optional.of(message) : Optional.empty());
    }

    /** One model call per line, in order, until one says the question resembles it. */
    private CompletionStage<Optional<String>> asked(ChatModelNode judge, String question, int index) {
        if (index == denied.size()) return CompletableFuture.completedFuture(Optional.empty());
        String ask = "Do these two sentences mean much the same? Reply with Yes or No only.\n"
                + "Sentence 1: " + question + "\nSentence 2: " + denied.get(index);
        return judge.stream(List.of(UserMessage.from(ask)), Map.of(), StreamSink.NONE, List.of())
                .thenCompose(verdict -> verdict.text().toLowerCase(Locale.ROOT).contains("yes")
                        ? CompletableFuture.completedFuture(Optional.of(message))
                        : asked(judge, question, index + 1));
    }
}
