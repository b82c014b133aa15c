package dev.flowstream.it;

import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.OwnThreads;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping Flowstream stops every thread it started, after real traffic has run through all of them. */
class CleanShutdownIT {

    @Test
    void no_flowstream_thread_outlives_the_server() throws Exception {
        try (OpenAiStub stub = OpenAiStub.start()) {
            TestServer server = TestServer.start(stub);
            try (JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), "websocket")) {
                var answer = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                        "{\"question\":\"hello\",\"socketIOClientId\":\"" + client.id() + "\"}", "application/json");
                assertEquals(200, answer.statusCode(), answer.body());
                var sse = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                        "{\"question\":\"hello\",\"streaming\":true}", "application/json");
                assertEquals(200, sse.statusCode());
                assertTrue(client.awaitEnd(5));
            }
            server.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!flowstreamThreads().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(List.of(), flowstreamThreads());
        }
    }

    private static List<String> flowstreamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(OwnThreads::isFlowstream)
                .sorted()
                .toList();
    }
}
