package dev.flowstream.it;

import dev.flowstream.testing.RawUpgrade;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New engine.io sessions are bounded per client address ({@code flowstream.handshake.rate}), on
 * polling and websocket alike: past the burst a handshake costs a 429, not a session, while the
 * sessions already open keep working.
 */
class HandshakeRateIT {

    private static final int RATE = 5;
    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.handshake.rate", String.valueOf(RATE)));

    @Test
    void past_the_burst_a_handshake_gets_429_and_open_sessions_keep_working() throws Exception {
        Thread.sleep(1_000); // a full bucket whatever ran before
        String first = sid(polling("/socket.io/?EIO=4&transport=polling"));
        int opened = 1;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 4 * RATE && refused == null; i++) {
            HttpResponse<String> response = polling("/socket.io/?EIO=4&transport=polling");
            if (response.statusCode() == 200) opened++;
            else refused = response;
        }
        assertTrue(refused != null, "no handshake was refused after " + opened);
        // the burst is twice the rate; a little refill while looping is fine
        assertTrue(opened >= 2 * RATE && opened <= 3 * RATE, "opened " + opened);
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        assertTrue(JSON.readTree(refused.body()).path("message").asText().contains("flowstream.handshake.rate"), refused.body());

        RawUpgrade websocket = RawUpgrade.send(server.port(), "/socket.io/?EIO=4&transport=websocket",
                "127.0.0.1:" + server.port(), "Origin", server.baseUrl());
        assertTrue(websocket.statusLine().startsWith("HTTP/1.1 429"), websocket.toString());

        HttpResponse<String> connect = TestServer.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/socket.io/?EIO=4&transport=polling&sid=" + first))
                .POST(HttpRequest.BodyPublishers.ofString("40")).build());
        assertEquals(200, connect.statusCode(), "an open session is not limited: " + connect.body());
    }

    @Test
    void the_bucket_refills_within_a_second() throws Exception {
        for (int i = 0; i < 4 * RATE; i++) polling("/socket.io/?EIO=4&transport=polling");
        Thread.sleep(1_200);
        assertEquals(200, polling("/socket.io/?EIO=4&transport=polling").statusCode());
    }

    private static HttpResponse<String> polling(String path) {
        return TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build());
    }

    private static String sid(HttpResponse<String> open) throws IOException {
        assertEquals(200, open.statusCode(), open.body());
        return JSON.readTree(open.body().substring(1)).path("sid").asText();
    }
}
