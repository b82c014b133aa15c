package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.langchain4j.data.message.ChatMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An output parser node ({@code structuredOutputParser}, {@code csvOutputParser}, ...) as an
 * {@code llmChain} uses it: its format instructions go into the prompt, as LangChain's
 * {@code LLMChain} adds them, and it asks the model and parses the answer into
 * {@link FlowResult#json}. A chain with a parser never streams (Flowise's rule).
 *
 * <p>Threading: implementations are immutable and safe to use concurrently; {@link #answer}
 * returns at once and completes on a model thread.
 */
public interface OutputParser {

    /** What the model is told about the shape of its answer. */
    String formatInstructions();

    /**
     * The prompt with the format instructions added: after the system message when there is one
     * (a chat prompt), else after the human message, each on a line of its own.
     */
    default PromptNode.PromptText instruct(PromptNode.PromptText prompt) {
        String instructions = "\n" + formatInstructions();
        return prompt.system().isPresent()
                ? new PromptNode.PromptText(prompt.system().map(system -> system + instructions), prompt.human())
                : new PromptNode.PromptText(prompt.system(), prompt.human() + instructions);
    }

    /**
     * Asks {@code model} without streaming, parses its answer, and with Flowise's
     * {@code autofixParser} asks once more to repair an answer that did not parse. The stage fails
     * with a {@link ChatflowException} naming the parser when the answer still does not parse.
     */
    CompletionStage<FlowResult> answer(ChatModelNode model, List<ChatMessage> messages, Map<String, Object> overrideConfig);
}
