package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo page, in real headless Chromium, streams an answer from the server it came from. */
class DemoPageIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @BeforeAll
    static void needsChromium() {
        assertTrue(NodeClient.chromiumAvailable(), "Chromium is installed by .ci/setup (Debian package chromium)");
    }

    @Test
    void the_demo_page_streams_an_answer_into_the_chat() {
        JsonNode result = NodeClient.run("demo-page.mjs", "--url", server.baseUrl() + "/", "--flow", TestServer.STUB_FLOW,
                "--question", "hello from the browser");
        assertEquals("Echo: hello from the browser", result.path("answer").asText().trim(), result.toString());
        assertTrue(result.path("tokensSeen").asInt() > 1, result.toString());
        assertEquals(0, result.path("consoleErrors").size(), result.toString());
    }

    @Test
    void the_demo_page_shows_the_sources_of_the_embedded_default_flow() {
        JsonNode result = NodeClient.run("demo-page.mjs", "--url", server.baseUrl() + "/", "--flow", "local-docs",
                "--question", "What is Flowstream?");
        assertTrue(result.path("answer").asText().length() > 20, result.toString());
        assertTrue(result.path("sources").size() > 0, result.toString());
    }
}
