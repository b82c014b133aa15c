package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.RawUpgrade;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests on the socket.io path are checked as the reference server checks them, before any
 * session exists: protocol version, transport, method, and the session of an upgrade. Each refusal
 * is a 400 with a JSON message, and none leaves a session or a websocket behind.
 */
class EngineIoRequestChecksIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @ParameterizedTest(name = "EIO={0}")
    @ValueSource(strings = {"abc", "9", "5", "2", ""})
    void a_polling_request_with_an_unsupported_protocol_version_gets_400(String eio) throws Exception {
        assertRefused(get("/socket.io/?EIO=" + eio + "&transport=polling"), "Unsupported protocol version");
    }

    @Test
    void a_request_without_a_protocol_version_gets_400() throws Exception {
        assertRefused(get("/socket.io/?transport=polling"), "Unsupported protocol version");
    }

    @ParameterizedTest(name = "transport={0}")
    @ValueSource(strings = {"flashsocket", "POLLING", ""})
    void an_unknown_transport_gets_400(String transport) throws Exception {
        assertRefused(get("/socket.io/?EIO=4&transport=" + transport), "Transport unknown");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"?EIO=abc&transport=websocket", "?transport=websocket", "?EIO=4&transport=nonsense",
            "?EIO=4", "?EIO=9&transport=websocket"})
    void a_websocket_upgrade_with_a_bad_protocol_or_transport_gets_400_and_no_session(String query) throws IOException {
        int before = server.socketIo().sessionCount();
        RawUpgrade upgrade = upgrade("/socket.io/" + query);
        assertTrue(upgrade.statusLine().startsWith("HTTP/1.1 400"), upgrade.toString());
        assertEquals(before, server.socketIo().sessionCount());
    }

    @Test
    void a_websocket_transport_without_an_upgrade_gets_400() throws Exception {
        assertRefused(get("/socket.io/?EIO=4&transport=websocket"), "Bad request");
    }

    @Test
    void a_put_is_a_bad_request_as_in_the_protocol() throws Exception {
        HttpResponse<String> handshake = TestServer.send(request("/socket.io/?EIO=4&transport=polling")
                .PUT(HttpRequest.BodyPublishers.ofString("40")).build());
        assertRefused(handshake, "Bad handshake method");
        String sid = openPollingSession();
        HttpResponse<String> inSession = TestServer.send(request("/socket.io/?EIO=4&transport=polling&sid=" + sid)
                .PUT(HttpRequest.BodyPublishers.ofString("40")).build());
        assertRefused(inSession, "Bad request");
    }

    @Test
    void an_upgrade_for_an_unknown_session_is_refused_before_any_websocket_opens() throws IOException {
        int websockets = server.socketIo().webSocketCount();
        RawUpgrade upgrade = upgrade("/socket.io/?EIO=4&transport=websocket&sid=no-such-session");
        assertTrue(upgrade.statusLine().startsWith("HTTP/1.1 400"), upgrade.toString());
        assertEquals(websockets, server.socketIo().webSocketCount());
    }

    @Test
    void a_good_websocket_handshake_still_opens_a_session() throws IOException {
        RawUpgrade upgrade = upgrade("/socket.io/?EIO=4&transport=websocket");
        assertTrue(upgrade.upgraded(), upgrade.toString());
        assertTrue(upgrade.firstText().startsWith("0{\"sid\""), upgrade.toString());
    }

    private static String openPollingSession() throws Exception {
        HttpResponse<String> open = get("/socket.io/?EIO=4&transport=polling");
        assertEquals(200, open.statusCode(), open.body());
        return JSON.readTree(open.body().substring(1)).path("sid").asText();
    }

    /** The reference server's body: {"code": N, "message": "..."}, its message word for word. */
    private static void assertRefused(HttpResponse<String> response, String message) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(message, body.path("message").asText(), response.body());
        assertTrue(body.path("code").isInt(), response.body());
    }

    private static HttpResponse<String> get(String path) {
        return TestServer.send(request(path).GET().build());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    }

    private static RawUpgrade upgrade(String path) throws IOException {
        return RawUpgrade.send(server.port(), path, "127.0.0.1:" + server.port(), "Origin", server.baseUrl());
    }
}
