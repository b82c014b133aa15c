package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.node.StallWatchdog;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamEvent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LangChain4j callbacks in the orders providers really produce, turned into stream events. */
class ModelStreamHandlerTest {

    private static final ChatResponse STOPPED = ChatResponse.builder()
            .aiMessage(AiMessage.from("ab")).finishReason(FinishReason.STOP).build();
    private static final ChatResponse TRUNCATED = ChatResponse.builder().aiMessage(AiMessage.from("ab")).build();

    private final StallWatchdog watchdog = new StallWatchdog();
    private final FakeHandle handle = new FakeHandle();
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void closeWatchdog() {
        watchdog.close();
    }

    @Test
    void tokens_arrive_in_order_then_one_end_and_the_stage_completes_after_it() throws Exception {
        CompletableFuture<List<String>> seenAtCompletion = run(handler -> {
            token(handler, "Hel");
            token(handler, "lo");
            handler.onCompleteResponse(STOPPED);
        }).thenApply(result -> {
            assertEquals("Hello", result.text());
            return sink.names();
        }).toCompletableFuture();

        assertEquals(List.of("start", "token", "token", "end"), seenAtCompletion.get(5, TimeUnit.SECONDS));
        assertEquals(new StreamEvent.Start("Hel"), sink.events().get(0));
        assertEquals(List.of("Hel", "lo"), sink.tokens());
    }

    @Test
    void empty_partials_are_skipped_and_start_carries_the_first_real_token() throws Exception {
        FlowResult result = await(run(handler -> {
            handler.onPartialResponse("");
            token(handler, "x");
            handler.onCompleteResponse(STOPPED);
        }));

        assertEquals(List.of(new StreamEvent.Start("x"), new StreamEvent.Token("x"), StreamEvent.END), sink.events());
        assertEquals("x", result.text());
    }

    @Test
    void sources_come_after_the_tokens_and_before_the_end() throws Exception {
        SourceDocument source = new SourceDocument("passage", Map.of("source", "a.md"));
        AnswerStream answer = new AnswerStream(sink);
        handler(answer, List.of(source), Duration.ofSeconds(5)).onPartialResponse("x");
        handler(answer, List.of(source), Duration.ofSeconds(5)).onCompleteResponse(STOPPED);

        assertEquals(List.of("start", "token", "sourceDocuments", "end"), sink.names());
        assertEquals(List.of(source), await(answer.result()).sourceDocuments());
    }

    @Test
    void an_error_then_a_completion_give_one_terminal() {
        ChatflowException failure = failure(run(handler -> {
            token(handler, "a");
            handler.onError(new RuntimeException("connection reset"));
            handler.onCompleteResponse(STOPPED);
            handler.onError(new RuntimeException("again"));
        }));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertEquals(List.of("start", "token", "error", "end"), sink.names());
    }

    @Test
    void a_second_completion_is_ignored() throws Exception {
        await(run(handler -> {
            token(handler, "a");
            handler.onCompleteResponse(STOPPED);
            handler.onCompleteResponse(STOPPED);
            token(handler, "late");
        }));

        assertEquals(List.of("start", "token", "end"), sink.names());
    }

    @Test
    void a_completion_without_finish_reason_after_tokens_is_an_error() {
        ChatflowException failure = failure(run(handler -> {
            token(handler, "a");
            handler.onCompleteResponse(TRUNCATED);
        }));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertEquals(List.of("start", "token", "error", "end"), sink.names());
    }

    @Test
    void a_failure_before_any_token_sends_no_events_and_hides_the_provider_body() {
        ChatflowException failure = failure(run(handler ->
                handler.onError(new HttpException(401, "{\"error\":{\"message\":\"Incorrect API key sk-abc123\"}}"))));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().contains("node_0") && failure.getMessage().contains("HTTP 401"), failure.getMessage());
        assertFalse(failure.getMessage().contains("sk-abc123"));
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_client_timeout_is_a_timeout() {
        ChatflowException failure = failure(run(handler ->
                handler.onError(new RuntimeException(new HttpTimeoutException("request timed out")))));

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_sink_that_throws_on_a_token_fails_the_run_and_cancels_the_stream() {
        ThrowingSink throwing = new ThrowingSink("token");
        AnswerStream answer = new AnswerStream(throwing);
        ModelStreamHandler handler = handler(answer, List.of(), Duration.ofSeconds(5));

        handler.onPartialResponse(new PartialResponse("a"), new PartialResponseContext(handle));
        handler.onCompleteResponse(STOPPED);

        assertEquals(Kind.CHAIN, failure(answer.result()).kind());
        assertTrue(handle.isCancelled());
        assertEquals(List.of("start", "token", "error", "end"), throwing.recorded.names());
    }

    @Test
    void errors_while_handling_an_error_are_swallowed() {
        ThrowingSink throwing = new ThrowingSink("error");
        AnswerStream answer = new AnswerStream(throwing);
        ModelStreamHandler handler = handler(answer, List.of(), Duration.ofSeconds(5));

        handler.onPartialResponse("a");
        handler.onError(new RuntimeException("cut"));

        assertEquals(Kind.PROVIDER, failure(answer.result()).kind());
        assertEquals(List.of("start", "token", "error", "end"), throwing.recorded.names());
    }

    @Test
    void a_model_that_never_answers_times_out_without_events() {
        AnswerStream answer = new AnswerStream(sink);
        new ModelStreamHandler("node_0", answer, Duration.ofMillis(150), Duration.ofSeconds(5), response -> answer.complete(List.of()))
                .start(new ScriptedModel(handler -> { }), ChatRequest.builder().messages(List.of(
                        dev.langchain4j.data.message.UserMessage.from("hi"))).build(), watchdog);

        ChatflowException failure = failure(answer.result());

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertEquals("model node_0 did not start answering within 150 ms", failure.getMessage());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_silent_stream_is_cancelled_through_its_handle() {
        AnswerStream answer = new AnswerStream(sink);
        new ModelStreamHandler("node_0", answer, Duration.ofSeconds(5), Duration.ofMillis(150), response -> answer.complete(List.of()))
                .start(new ScriptedModel(handler -> token(handler, "a")), request(), watchdog);

        ChatflowException failure = failure(answer.result());

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertEquals("model node_0 went silent for 150 ms", failure.getMessage());
        assertTrue(handle.isCancelled());
        assertEquals(List.of("start", "token", "error", "end"), sink.names());
    }

    @Test
    void a_model_that_throws_when_called_fails_the_run_without_events() {
        AnswerStream answer = new AnswerStream(sink);
        new ModelStreamHandler("node_0", answer, Duration.ofSeconds(5), Duration.ofSeconds(5), response -> answer.complete(List.of()))
                .start(new ScriptedModel(handler -> {
                    throw new IllegalArgumentException("bad base url");
                }), request(), watchdog);

        assertEquals(Kind.CONFIGURATION, failure(answer.result()).kind());
        assertEquals(List.of(), sink.events());
    }

    private java.util.concurrent.CompletionStage<FlowResult> run(Consumer<StreamingChatResponseHandler> script) {
        AnswerStream answer = new AnswerStream(sink);
        handler(answer, List.of(), Duration.ofSeconds(5)).start(new ScriptedModel(script), request(), watchdog);
        return answer.result();
    }

    private ModelStreamHandler handler(AnswerStream answer, List<SourceDocument> sources, Duration timeouts) {
        return new ModelStreamHandler("node_0", answer, timeouts, timeouts, response -> answer.complete(sources));
    }

    private void token(StreamingChatResponseHandler handler, String text) {
        handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(handle));
    }

    private static ChatRequest request() {
        return ChatRequest.builder().messages(List.of(dev.langchain4j.data.message.UserMessage.from("hi"))).build();
    }

    private static FlowResult await(java.util.concurrent.CompletionStage<FlowResult> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static ChatflowException failure(java.util.concurrent.CompletionStage<FlowResult> stage) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
        return assertInstanceOf(ChatflowException.class, thrown.getCause());
    }

    /** A model that plays a script on the calling thread. */
    private record ScriptedModel(Consumer<StreamingChatResponseHandler> script) implements StreamingChatModel {
        @Override
        public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
            script.accept(handler);
        }
    }

    private static final class FakeHandle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** Records every event, then throws on the events of one name. */
    private static final class ThrowingSink implements dev.flowstream.streaming.StreamSink {
        private final String failOn;
        private final RecordingSink recorded = new RecordingSink();

        ThrowingSink(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public void accept(StreamEvent event) {
            recorded.accept(event);
            if (event.name().equals(failOn)) throw new IllegalStateException("sink broke on " + failOn);
        }
    }
}
