package dev.flowstream.chatflow.support.llamaindex;

import dev.flowstream.chatflow.ChatflowException;

import java.util.List;

/**
 * LlamaIndex's {@code PromptHelper.repack} with the defaults Flowise's nodes run it with (whatever
 * the model): passages joined and cut again into chunks that each fit a prompt in a 3900-token
 * window, leaving 256 tokens for the answer and 5 for padding, with a tenth of a chunk of overlap.
 * Stateless.
 */
final class PromptPacking {

    static final int CONTEXT_WINDOW = 3900;
    private static final int NUM_OUTPUT = 256;
    private static final int PADDING = 5;
    private static final double OVERLAP_RATIO = 0.1;

    private PromptPacking() {
    }

    /**
     * {@code chunks} re-cut so that each fills {@code prompt} as far as the window allows.
     *
     * @param owner how a failure names the node whose prompt it is
     * @throws ChatflowException when the prompt alone leaves no room for a passage
     */
    static List<String> repack(LlamaPrompt prompt, List<String> chunks, String owner) {
        int promptTokens = Tokens.count(prompt.empty());
        int chunkSize = CONTEXT_WINDOW - promptTokens - NUM_OUTPUT - PADDING;
        if (chunkSize < 1) {
            throw new ChatflowException(ChatflowException.Kind.CONFIGURATION, owner + ": a prompt of " + promptTokens
                    + " tokens leaves no room for passages in LlamaIndex's " + CONTEXT_WINDOW + "-token window");
        }
        return new SentenceSplitter(chunkSize, OVERLAP_RATIO * chunkSize).split(String.join("\n\n", chunks));
    }

    /** Of two prompts, the longer when empty (in characters; the first on a tie), as LlamaIndex picks the one to pack for. */
    static LlamaPrompt biggest(LlamaPrompt first, LlamaPrompt second) {
        return second.empty().length() > first.empty().length() ? second : first;
    }
}
