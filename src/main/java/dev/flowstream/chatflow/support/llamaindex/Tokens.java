package dev.flowstream.chatflow.support.llamaindex;

import dev.langchain4j.model.openai.OpenAiEmbeddingModelName;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Token counts in OpenAI's {@code cl100k_base} encoding, which LlamaIndex TS counts every text in
 * (whatever the model) to size its chunks and prompts. Reading the encoding takes seconds, once
 * per JVM: nodes that will count {@link #preload} it when their flow loads, so that the first
 * question does not wait for it.
 *
 * <p>Threading: thread-safe; the encoding is read by whichever thread needs it first.
 */
public final class Tokens {

    private Tokens() {
    }

    /** Reads the encoding on {@code workers}, unless it is read already. */
    public static void preload(Executor workers) {
        try {
            workers.execute(() -> Encoding.CL100K.estimateTokenCountInText("warm"));
        } catch (RejectedExecutionException e) {
            // shutting down: nothing will count
        }
    }

    static int count(String text) {
        return text.isEmpty() ? 0 : Encoding.CL100K.estimateTokenCountInText(text);
    }

    /** Holds the encoding, read when this class is first used. */
    private static final class Encoding {
        static final OpenAiTokenCountEstimator CL100K =
                new OpenAiTokenCountEstimator(OpenAiEmbeddingModelName.TEXT_EMBEDDING_ADA_002);
    }
}
