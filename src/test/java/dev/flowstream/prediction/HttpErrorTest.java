package dev.flowstream.prediction;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.http.HttpException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpErrorTest {

    @Test
    void chatflow_failures_map_to_their_statuses() {
        assertEquals(500, HttpError.of(new ChatflowException(ChatflowException.Kind.CONFIGURATION, "no key")).status());
        assertEquals(500, HttpError.of(new ChatflowException(ChatflowException.Kind.CHAIN, "broken")).status());
        assertEquals(502, HttpError.of(new ChatflowException(ChatflowException.Kind.PROVIDER, "500 from model")).status());
        assertEquals(504, HttpError.of(new ChatflowException(ChatflowException.Kind.TIMEOUT, "silent")).status());
    }

    @Test
    void wrapped_failures_are_unwrapped_and_keep_their_message() {
        HttpError error = HttpError.of(new CompletionException(new HttpException(404, "chatflow x not found")));
        assertEquals(new HttpError(404, "chatflow x not found"), error);
    }

    @Test
    void unexpected_failures_are_a_500_without_internals() {
        HttpError error = HttpError.of(new IllegalStateException("secret detail"));
        assertEquals(500, error.status());
        assertEquals("internal error: IllegalStateException", error.message());
    }
}
