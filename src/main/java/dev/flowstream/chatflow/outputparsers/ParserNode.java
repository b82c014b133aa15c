package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.OutputParser;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every output parser does around its own {@link #parse}: asks the model without streaming,
 * parses, and with {@code autofixParser} asks once more with LangChain's {@code OutputFixingParser}
 * prompt (the instructions, the answer, the error) before giving up with a {@code CHAIN} failure
 * (500) that names the node and what did not parse.
 *
 * <p>Threading: immutable; subclasses too; safe to use concurrently.
 */
abstract class ParserNode implements OutputParser {

    private final String id;
    private final String type;
    private final boolean autofix;

    ParserNode(ExportNode node) {
        this.id = node.id();
        this.type = node.name();
        this.autofix = node.inputs().flag("autofixParser", false);
    }

    /** The model's answer as JSON, or why it does not parse. */
    abstract JsonNode parse(String completion) throws ParseFailure;

    @Override
    public final CompletionStage<FlowResult> answer(ChatModelNode model, List<ChatMessage> messages,
                                                    Map<String, Object> overrideConfig) {
        return ask(model, messages, overrideConfig).thenCompose(first -> {
            try {
                return CompletableFuture.completedFuture(ParsedText.result(parse(first)));
            } catch (ParseFailure failure) {
                if (!autofix) return CompletableFuture.failedFuture(unparsed(failure, ""));
                List<ChatMessage> fix = List.of(UserMessage.from(fixPrompt(first, failure.getMessage())));
                return ask(model, fix, overrideConfig).thenCompose(this::reparsed);
            }
        });
    }

    private CompletionStage<FlowResult> reparsed(String fixed) {
        try {
            return CompletableFuture.completedFuture(ParsedText.result(parse(fixed)));
        } catch (ParseFailure failure) {
            return CompletableFuture.failedFuture(unparsed(failure, " after autofix"));
        }
    }

    private static CompletionStage<String> ask(ChatModelNode model, List<ChatMessage> messages, Map<String, Object> overrideConfig) {
        return model.stream(messages, overrideConfig, StreamSink.NONE, List.of()).thenApply(FlowResult::text);
    }

    private String fixPrompt(String completion, String error) {
        return "Instructions:\n--------------\n" + formatInstructions() + "\n--------------\n"
                + "Completion:\n--------------\n" + completion + "\n--------------\n\n"
                + "Above, the Completion did not satisfy the constraints given in the Instructions.\n"
                + "Error:\n--------------\n" + error + "\n--------------\n\n"
                + "Please try again. Please only respond with an answer that satisfies the constraints laid out in the Instructions:";
    }

    private ChatflowException unparsed(ParseFailure failure, String when) {
        return new ChatflowException(ChatflowException.Kind.CHAIN, "output parser " + id + " (" + type
                + ") could not parse the model's answer" + when + ": " + failure.getMessage());
    }
}
