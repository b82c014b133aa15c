package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.StallWatchdog;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where LangChain4j's streaming callbacks become stream events (through an
 * {@link AnswerStream}). Also the stall watchdog's target: silence longer than the model timeout
 * before the first token, or the stall timeout after it, cancels the stream as a TIMEOUT.
 *
 * <p>Threading: LangChain4j calls back on its own threads (common pool), one callback at a time
 * for one stream; the watchdog checks from its thread. Errors thrown by our own callback code go
 * to the error path; errors while handling an error are logged and swallowed.
 *
 * <p>By default a complete response ends the answer; an agent passes its own {@link ChatModelNode.Ending} to
 * run tools and go on. Once a round starts calling tools its further text is not streamed.
 */
final class ModelStreamHandler implements StreamingChatResponseHandler, StallWatchdog.Watched {

    private static final Logger LOG = Logger.getLogger(ModelStreamHandler.class.getName());

    private final String nodeId;
    private final AnswerStream answer;
    private final ChatModelNode.Ending ending;
    private final Duration modelTimeout;
    private final Duration stallTimeout;
    private volatile long lastSignalNanos = System.nanoTime();
    private volatile StreamingHandle handle;
    private volatile StallWatchdog.Watch watch;
    private volatile boolean timedOut;
    private volatile boolean callingTools;

    ModelStreamHandler(String nodeId, AnswerStream answer, Duration modelTimeout, Duration stallTimeout, ChatModelNode.Ending ending) {
        this.nodeId = nodeId;
        this.answer = answer;
        this.ending = ending;
        this.modelTimeout = modelTimeout;
        this.stallTimeout = stallTimeout;
    }

    /** Sends the request and watches the stream; every outcome arrives through {@code answer}. */
    void start(StreamingChatModel model, ChatRequest request, StallWatchdog watchdog) {
        watch = watchdog.watch(this, Math.min(modelTimeout.toNanos(), stallTimeout.toNanos()));
        try {
            model.chat(request, this);
        } catch (RuntimeException e) {
            fail(new ChatflowException(Kind.CONFIGURATION,
                    "model " + nodeId + " could not send its request; check its inputs (basepath, modelName)", e));
        }
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        if (handle == null) handle = context.streamingHandle();
        onPartialResponse(partial.text());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        if (handle == null) handle = context.streamingHandle();
        lastSignalNanos = System.nanoTime();
        callingTools = true;
    }

    @Override
    public void onPartialResponse(String partial) {
        lastSignalNanos = System.nanoTime();
        // a round that decides on tools is not the answer
        if (callingTools) return;
        try {
            if (!answer.token(partial)) cancelQuietly();
        } catch (RuntimeException e) {
            cancelQuietly();
            fail(new ChatflowException(Kind.CHAIN, "Flowstream failed while streaming model " + nodeId, e));
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        if (timedOut) return;
        try {
            if (response == null || response.finishReason() == null) {
                fail(ProviderFailure.truncated(nodeId));
                return;
            }
            stopWatching();
            ending.complete(response);
        } catch (RuntimeException e) {
            fail(new ChatflowException(Kind.CHAIN, "Flowstream failed while ending model " + nodeId, e));
        }
    }

    @Override
    public void onError(Throwable error) {
        if (timedOut) return;
        try {
            fail(ProviderFailure.of(nodeId, modelTimeout, error));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed while handling an error of model " + nodeId, e);
        }
    }

    @Override
    public OptionalLong check(long nowNanos) {
        if (answer.finished()) return OptionalLong.empty();
        boolean begun = answer.started();
        long limit = (begun ? stallTimeout : modelTimeout).toNanos();
        long idle = nowNanos - lastSignalNanos;
        // before the first token, look again at least every stall period: the first token starts that clock
        if (idle < limit) return OptionalLong.of(begun ? limit - idle : Math.min(limit - idle, stallTimeout.toNanos()));
        // cancelling makes LangChain4j report a "closed" error: the flag keeps it from becoming the outcome
        timedOut = true;
        cancelQuietly();
        answer.fail(new ChatflowException(Kind.TIMEOUT, begun
                ? "model " + nodeId + " went silent for " + stallTimeout.toMillis() + " ms"
                : "model " + nodeId + " did not start answering within " + modelTimeout.toMillis() + " ms"));
        return OptionalLong.empty();
    }

    private void fail(ChatflowException failure) {
        stopWatching();
        answer.fail(failure);
    }

    private void stopWatching() {
        StallWatchdog.Watch current = watch;
        if (current != null) current.stop();
    }

    private void cancelQuietly() {
        StreamingHandle current = handle;
        if (current == null) return;
        try {
            current.cancel();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cancelling the stream of model " + nodeId + " failed", e);
        }
    }
}
