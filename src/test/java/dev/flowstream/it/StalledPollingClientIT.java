package dev.flowstream.it;

import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A polling client that stops polling is dropped once it is the queue bound behind, as a websocket
 * client is: until then engine.io keeps everything for it in memory, and any packet it posts (a pong)
 * keeps its session alive.
 */
class StalledPollingClientIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.socket.queue.bytes", "65536"));

    @Test
    void a_polling_client_that_never_polls_again_is_disconnected_once_it_is_the_bound_behind() throws Exception {
        String sid = handshake();
        HttpResponse<String> connect = server.post(polling(sid), "40", "text/plain;charset=UTF-8");
        assertEquals("ok", connect.body());
        HttpResponse<String> connected = server.get(polling(sid));
        assertTrue(connected.body().startsWith("40{"), connected.body());
        String socketId = JSON.readTree(connected.body().substring(2)).path("sid").asText();
        assertTrue(server.registry().find(socketId).isPresent());

        // ~1 MB of events that the client never comes to fetch
        HttpResponse<String> flooded = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"[[tokens=50000]] flood\",\"socketIOClientId\":\"" + socketId + "\"}", "application/json");
        assertEquals(200, flooded.statusCode(), "the run goes on without its socket");

        // well inside the 45 s engine.io would wait for a pong
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.registry().find(socketId).isPresent() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(server.registry().find(socketId).isEmpty(), "the stalled polling socket was dropped");
    }

    private static String handshake() throws Exception {
        HttpResponse<String> open = server.get("/socket.io/?EIO=4&transport=polling");
        assertEquals(200, open.statusCode(), open.body());
        return JSON.readTree(open.body().substring(1)).path("sid").asText();
    }

    private static String polling(String sid) {
        return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }
}
