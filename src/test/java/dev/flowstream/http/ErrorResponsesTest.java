package dev.flowstream.http;

import dev.flowstream.testing.FakeHttp;
import dev.flowstream.testing.RecordedWarnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class ErrorResponsesTest {

    @RegisterExtension
    final RecordedWarnings warnings = new RecordedWarnings();

    private final FakeHttp.Response response = new FakeHttp.Response();

    @Test
    void a_refusal_is_answered_with_its_status_message_and_headers_and_logs_nothing() throws IOException {
        ErrorResponses.write(response.servletResponse(), HttpException.methodNotAllowed("PUT", "GET"));

        assertEquals(405, response.status());
        assertEquals("GET, OPTIONS", response.header("Allow"));
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals("{\"statusCode\":405,\"success\":false,\"message\":\"method PUT is not allowed: use GET\"}",
                response.body());
        assertEquals(List.of(), warnings.all(), warnings.describe());
    }

    @Test
    void a_refusal_inside_a_completion_exception_is_answered_as_itself() throws IOException {
        ErrorResponses.write(response.servletResponse(),
                new CompletionException(new HttpException(408, "request body did not arrive within 10 ms")));

        assertEquals(408, response.status());
        assertEquals("{\"statusCode\":408,\"success\":false,\"message\":\"request body did not arrive within 10 ms\"}",
                response.body());
    }

    @Test
    void any_other_failure_is_a_500_naming_only_its_class_and_is_logged_as_severe() throws IOException {
        IllegalStateException bug = new IllegalStateException("secret detail");

        ErrorResponses.write(response.servletResponse(), bug);

        assertEquals(500, response.status());
        assertEquals("{\"statusCode\":500,\"success\":false,\"message\":\"internal error: IllegalStateException\"}",
                response.body());
        assertFalse(response.body().contains("secret"), response.body());
        List<LogRecord> logged = warnings.all();
        assertEquals(1, logged.size(), warnings.describe());
        assertEquals(Level.SEVERE, logged.get(0).getLevel());
        assertSame(bug, logged.get(0).getThrown());
    }
}
