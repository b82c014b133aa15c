package dev.flowstream.it;

import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
        assertTrue(upgrade("origin", ALLOWED).startsWith("HTTP/1.1 101"));
        assertTrue(upgrade("ORIGIN", "https://evil.example").startsWith("HTTP/1.1 403"));
    }

    private static HttpResponse<String> polling(String origin) {
        return TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/?EIO=4&transport=polling"))
                .header("Origin", origin).GET().build());
    }

    private static String upgrade(String headerName, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + headerName + ": " + origin + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return new String(buffer, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        }
    }
}
