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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS_ORIGINS governs the API, polling and the WebSocket upgrade alike. */
class CorsIT {

    private static final String ALLOWED = "http://app.example:5173";
    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("cors.origins", ALLOWED));

    @Test
    void a_preflight_from_an_allowed_origin_is_answered() {
        HttpResponse<String> response = TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/prediction/stub"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build());
        assertEquals(204, response.statusCode());
        assertEquals(ALLOWED, response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(response.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertEquals("content-type", response.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
    }

    @Test
    void polling_from_an_allowed_origin_gets_cors_headers_and_others_a_403() {
        HttpResponse<String> allowed = polling("http://APP.example:5173");
        assertEquals(200, allowed.statusCode());
        assertEquals("http://APP.example:5173", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("true", allowed.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));
        HttpResponse<String> refused = polling("https://evil.example");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("CORS_ORIGINS"));
    }

    @Test
    void the_websocket_upgrade_checks_the_same_list_whatever_the_header_case() throws IOException {
        RawUpgrade allowed = upgrade("origin", ALLOWED, "127.0.0.1");
        assertTrue(allowed.upgraded(), allowed.toString());
        assertTrue(allowed.firstText().startsWith("0{"), "engine.io's open packet: " + allowed);
        // a foreign page is refused before any upgrade: 403, no 101
        RawUpgrade foreign = upgrade("ORIGIN", "https://evil.example", "127.0.0.1:" + server.port());
        assertTrue(foreign.statusLine().startsWith("HTTP/1.1 403"), foreign.toString());
        assertTrue(upgrade("Origin", "null", "127.0.0.1").statusLine().startsWith("HTTP/1.1 403"));
    }

    @Test
    void a_page_of_this_server_is_not_cross_origin_whatever_the_list_says() throws IOException {
        String own = server.baseUrl();
        HttpResponse<String> polled = polling(own);
        assertEquals(200, polled.statusCode(), polled.body());
        HttpResponse<String> predicted = TestServer.send(HttpRequest.newBuilder(URI.create(own + "/api/v1/prediction/stub"))
                .header("Origin", own).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"same origin\"}")).build());
        assertEquals(200, predicted.statusCode(), predicted.body());
        RawUpgrade upgraded = upgrade("Origin", own, "127.0.0.1:" + server.port());
        assertTrue(upgraded.upgraded(), upgraded.toString());
        assertTrue(upgraded.firstText().startsWith("0{"), "engine.io's open packet: " + upgraded);
        // the same host on another port is another origin
        assertEquals(403, polling("http://127.0.0.1:" + (server.port() + 1)).statusCode());
    }

    private static HttpResponse<String> polling(String origin) {
        return TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/?EIO=4&transport=polling"))
                .header("Origin", origin).GET().build());
    }

    private static RawUpgrade upgrade(String headerName, String origin, String host) throws IOException {
        return RawUpgrade.send(server.port(), "/socket.io/?EIO=4&transport=websocket", host, headerName, origin);
    }
}
