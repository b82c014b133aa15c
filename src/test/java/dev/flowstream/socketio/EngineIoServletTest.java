package dev.flowstream.socketio;

import dev.flowstream.config.Settings;
import dev.flowstream.http.AsyncBodies;
import dev.flowstream.streaming.LocalSocketRegistry;
import dev.flowstream.testing.FakeHttp;
import dev.flowstream.testing.RecordedWarnings;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where the socket.io library is called, what it throws is told apart from our own failures: no
 * real request makes our code fail, so a request that breaks at a chosen call stands in for both.
 */
class EngineIoServletTest {

    private static final String HANDSHAKE = "EIO=4&transport=polling";

    @RegisterExtension
    final RecordedWarnings warnings = new RecordedWarnings();

    private final SocketIoRuntime runtime = new SocketIoRuntime(Settings.from(key -> null), new LocalSocketRegistry());
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final EngineIoServlet servlet = new EngineIoServlet(runtime, new AsyncBodies(timers, Runnable::run, Duration.ofSeconds(5)));
    private final FakeHttp.Response response = new FakeHttp.Response();

    @AfterEach
    void stop() {
        runtime.close();
        timers.shutdownNow();
    }

    @Test
    void a_failure_inside_the_library_is_a_400_and_no_warning() throws Exception {
        // our checks read the query and the method; only the library reads the header names
        handshakeFailingAt("getHeaderNames", "the library tripped over this request");

        assertEquals(400, response.status(), response.body());
        assertEquals("{\"statusCode\":400,\"success\":false,\"message\":\"bad engine.io request\"}", response.body());
        assertEquals(List.of(), warnings.all(), warnings.describe());
    }

    @Test
    void a_failure_of_our_own_code_is_a_500_logged_as_severe() throws Exception {
        // the handshake limiter reads the client's address before the library sees the request
        handshakeFailingAt("getRemoteAddr", "a bug of ours");

        assertEquals(500, response.status(), response.body());
        assertEquals("{\"statusCode\":500,\"success\":false,\"message\":\"internal error: IllegalStateException\"}",
                response.body());
        List<LogRecord> severe = warnings.all().stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertEquals(1, severe.size(), warnings.describe());
        assertEquals("a bug of ours", severe.get(0).getThrown().getMessage());
    }

    /** A handshake whose request throws when {@code method} is called on it. */
    private void handshakeFailingAt(String method, String failure) throws Exception {
        HttpServletRequest request = FakeHttp.request("GET", HANDSHAKE, Map.of(method, new IllegalStateException(failure)));
        servlet.service(request, response.servletResponse());
    }
}
