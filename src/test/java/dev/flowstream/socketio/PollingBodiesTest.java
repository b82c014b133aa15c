package dev.flowstream.socketio;

import dev.flowstream.testing.FakeHttp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A polling body handed to the library on our thread carries the request line read on the
 * container's thread: one container (Open Liberty) answered there with an earlier request's query.
 */
class PollingBodiesTest {

    private static final String OURS = "EIO=4&transport=polling&t=b&sid=ours";
    private static final String EARLIER = "EIO=4&transport=polling&t=a&sid=earlier";

    @Test
    void the_library_sees_the_query_read_on_the_container_thread_not_what_the_container_says_later() throws IOException {
        StaleAfterDispatch container = new StaleAfterDispatch(FakeHttp.request("POST", OURS, Map.of()));
        EngineIoRequest eio = EngineIoRequest.of(container);
        container.goStale();

        HttpServletRequest handed = new PollingBodies.Buffered(container, eio, "40".getBytes(StandardCharsets.UTF_8));

        assertEquals(EARLIER, container.getQueryString());
        assertEquals(OURS, handed.getQueryString());
        assertEquals("POST", handed.getMethod());
        assertEquals(2, handed.getContentLength());
        assertEquals("40", new String(handed.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void attributes_the_library_sets_are_read_back_from_the_same_request() {
        StaleAfterDispatch container = new StaleAfterDispatch(FakeHttp.request("POST", OURS, Map.of()));
        HttpServletRequest handed = new PollingBodies.Buffered(container, EngineIoRequest.of(container), new byte[0]);

        handed.setAttribute("query", Map.of("sid", "ours"));

        assertEquals(Map.of("sid", "ours"), handed.getAttribute("query"));
        handed.removeAttribute("query");
        assertNull(handed.getAttribute("query"));
    }

    /** A container request that, once async, answers with another request's query string. */
    private static final class StaleAfterDispatch extends HttpServletRequestWrapper {
        private volatile boolean stale;

        StaleAfterDispatch(HttpServletRequest request) {
            super(request);
        }

        void goStale() {
            stale = true;
        }

        @Override
        public String getQueryString() {
            return stale ? EARLIER : super.getQueryString();
        }

        @Override
        public String getMethod() {
            return stale ? "GET" : super.getMethod();
        }
    }
}
