package dev.flowstream.it;

import dev.flowstream.testing.RawEngineIoSocket;
import dev.flowstream.testing.RecordedWarnings;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * engine.io packets, to the letter of the protocol, with the reference server's behaviour as the
 * expectation: the handshake announces {@code maxPayload}; an invalid packet closes its session
 * (on polling after the valid packets before it in the same body), and so does a polling body the
 * library fails on (a 400, not a 500: client input, not our bug); a websocket message over
 * {@code maxPayload} closes the connection with 1009; a connection that never sends a socket.io
 * CONNECT is closed after the connect timeout.
 */
class EngineIoPacketChecksIT {

    private static final int MAX_PAYLOAD = 2000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    final RecordedWarnings warnings = new RecordedWarnings();

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of(
            "flowstream.max.payload", String.valueOf(MAX_PAYLOAD), "flowstream.connect.timeout.ms", "1500",
            "flowstream.ping.interval.ms", "500"));

    @Test
    void the_polling_handshake_announces_max_payload() throws Exception {
        assertEquals(MAX_PAYLOAD, open(get("/socket.io/?EIO=4&transport=polling").body()).path("maxPayload").asInt());
    }

    @Test
    void the_websocket_handshake_announces_max_payload() throws Exception {
        try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
            assertEquals(MAX_PAYLOAD, open(ws.next()).path("maxPayload").asInt());
        }
    }

    @Test
    void an_invalid_packet_in_a_polling_body_closes_the_session_after_the_valid_packets_before_it() throws Exception {
        String sid = open(get("/socket.io/?EIO=4&transport=polling").body()).path("sid").asText();
        String session = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        CompletableFuture<HttpResponse<String>> poll = HTTP.sendAsync(request(session).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200); // the long poll is waiting
        HttpResponse<String> post = HTTP.send(request(session).POST(HttpRequest.BodyPublishers.ofString("40\u001eabc")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, post.statusCode(), post.body());
        assertTrue(poll.get(5, TimeUnit.SECONDS).body().contains("40{\"sid\""), "the CONNECT before it was answered");
        HttpResponse<String> after = get(session);
        assertEquals(400, after.statusCode(), after.body());
        assertEquals("Session ID unknown", JSON.readTree(after.body()).path("message").asText());
    }

    @Test
    void a_protocol_3_polling_body_the_library_cannot_decode_is_a_400_and_closes_the_session() throws Exception {
        // protocol 3 payloads reach the library unchecked; this one has no length prefix
        String handshake = get("/socket.io/?EIO=3&transport=polling&b64=1").body();
        Matcher open = Pattern.compile("\"sid\":\\s*\"([^\"]+)\"").matcher(handshake);
        assertTrue(open.find(), handshake);
        String session = "/socket.io/?EIO=3&transport=polling&b64=1&sid=" + open.group(1);

        HttpResponse<String> post = HTTP.send(request(session).POST(HttpRequest.BodyPublishers.ofString("abc")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, post.statusCode(), post.body());
        assertEquals("Bad request", JSON.readTree(post.body()).path("message").asText(), post.body());
        assertEquals("Session ID unknown", JSON.readTree(get(session).body()).path("message").asText());
        assertEquals(List.of(), warnings.all().stream().filter(r -> r.getLevel() == Level.SEVERE).toList(), warnings.describe());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"abc", "9", "", "b!!!", "7hello"})
    void an_invalid_engine_io_frame_closes_the_websocket(String frame) throws Exception {
        try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
            ws.next();
            ws.send(frame);
            assertEquals(1002, ws.closeCode());
        }
    }

    @Test
    void a_socket_io_packet_nested_too_deep_for_the_parser_closes_the_websocket() throws Exception {
        try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
            ws.next();
            ws.send("42" + "[".repeat(900) + "]".repeat(900));
            assertEquals(1002, ws.closeCode());
        }
    }

    @Test
    void a_websocket_message_over_max_payload_closes_the_connection_with_1009() throws Exception {
        try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
            ws.next();
            ws.send("4" + "x".repeat(MAX_PAYLOAD));
            assertEquals(1009, ws.closeCode());
        }
    }

    @Test
    void a_message_within_max_payload_keeps_the_connection() throws Exception {
        try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
            ws.next();
            ws.send("40");
            assertTrue(ws.next().startsWith("40{"));
            String event = "42[\"big\",\"\"]";
            ws.send(event.replace("\"\"]", "\"" + "x".repeat(MAX_PAYLOAD - event.length()) + "\"]"));
            assertEquals("2", ws.next(), "the server pings on after the large message");
        }
    }

    @Test
    void a_connection_that_never_sends_connect_is_closed_after_the_connect_timeout() throws Exception {
        try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
            long start = System.nanoTime();
            ws.next();
            int code = ws.closeCode();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(code > 0, "closed");
            assertTrue(ms >= 1000, "not before the timeout: " + ms + " ms");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode open(String packet) throws Exception {
        assertTrue(packet.startsWith("0{"), packet);
        return JSON.readTree(packet.substring(1));
    }

    private static HttpResponse<String> get(String path) {
        return TestServer.send(request(path).GET().build());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10));
    }
}
