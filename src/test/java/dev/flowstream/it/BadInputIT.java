package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets its status and a JSON body naming the problem; the server keeps serving. */
class BadInputIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;
    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(java.util.Map.of("flowstream.max.request.bytes", "4096", "flowstream.max.payload", "2048"));

    @AfterEach
    void the_server_still_answers_a_good_prediction() throws Exception {
        HttpResponse<String> ok = server.post(PREDICTION, "{\"question\":\"still there\"}", "application/json");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("Echo: still there", JSON.readTree(ok.body()).path("text").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|{\"question\": \"unterminated|application/json|400|not valid JSON",
            "question of the wrong type|{\"question\": 42}|application/json|400|question must be a string",
            "socket id of the wrong type|{\"question\": \"q\", \"socketIOClientId\": []}|application/json|400|socketIOClientId must be a string",
            "history of the wrong type|{\"question\": \"q\", \"history\": \"none\"}|application/json|400|history must be an array",
            "missing question|{\"chatId\": \"c\"}|application/json|400|question is required",
            "object sent without JSON.stringify|[object Object]|text/plain;charset=UTF-8|400|JSON.stringify",
            "form encoded body|question=hi|application/x-www-form-urlencoded|415|application/json",
            "xml body|<question/>|application/xml|415|not supported",
    })
    void bad_prediction_bodies_get_their_status_and_a_json_message(String what, String body, String type,
                                                                   int status, String message) throws Exception {
        assertError(server.post(PREDICTION, body, type), status, message);
    }

    @Test
    void json_sent_as_text_plain_is_accepted_as_browsers_send_it() throws Exception {
        HttpResponse<String> response = server.post(PREDICTION, "{\"question\":\"plain\"}", "text/plain;charset=UTF-8");
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void an_unknown_chatflow_is_a_404() throws Exception {
        assertError(server.post("/api/v1/prediction/no-such-flow", "{\"question\":\"q\"}", "application/json"), 404, "no-such-flow");
        assertError(server.get("/api/v1/chatflows-streaming/no-such-flow"), 404, "no-such-flow");
    }

    @Test
    void a_wrong_method_is_a_405() throws Exception {
        assertError(server.get(PREDICTION), 405, "use POST");
        HttpResponse<String> put = TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ping"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        assertError(put, 405, "use GET");
    }

    @Test
    void an_unknown_api_path_is_a_404() throws Exception {
        assertError(server.get("/api/v1/nothing-here"), 404, "/api/v1/nothing-here");
    }

    @Test
    void a_body_over_the_limit_is_a_413_whether_declared_or_chunked() throws Exception {
        String big = "{\"question\":\"" + "x".repeat(5000) + "\"}";
        assertError(server.post(PREDICTION, big, "application/json"), 413, "larger than 4096");
        assertError(raw("POST " + PREDICTION, "application/json", big, true), 413, "larger than 4096");
    }

    @Test
    void a_chunked_polling_body_is_read_safely() throws Exception {
        String sid = handshake();
        HttpResponse<String> response = raw("POST /socket.io/?EIO=4&transport=polling&sid=" + sid, "text/plain;charset=UTF-8", "40", true);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ok", response.body());
    }

    @Test
    void a_polling_body_over_max_payload_is_a_413() throws Exception {
        String sid = handshake();
        String big = "4" + "x".repeat(3000);
        assertError(raw("POST /socket.io/?EIO=4&transport=polling&sid=" + sid, "text/plain;charset=UTF-8", big, false), 413, "maxPayload");
        assertError(raw("POST /socket.io/?EIO=4&transport=polling&sid=" + sid, "text/plain;charset=UTF-8", big, true), 413, "maxPayload");
    }

    @Test
    void engine_io_requests_the_library_would_choke_on_are_a_clean_400() throws Exception {
        assertEngineIoError(server.get("/socket.io/"), "Unsupported protocol version");
        // repeated parameters: the first of each counts, here an unknown session
        assertEngineIoError(server.get("/socket.io/?EIO=4&transport=polling&sid=a&sid=b&EIO=3"), "Session ID unknown");
        // engine.io's own protocol errors keep the shape socket.io clients know: {"code", "message"}
        assertEngineIoError(server.get("/socket.io/?EIO=4&transport=polling&sid=unknown"), "Session ID unknown");
        assertEngineIoError(server.get("/socket.io/?EIO=4&transport=carrier-pigeon"), "Transport unknown");
    }

    private static void assertEngineIoError(HttpResponse<String> response, String message) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(message, JSON.readTree(response.body()).path("message").asText(), response.body());
    }

    private static String handshake() throws Exception {
        HttpResponse<String> open = server.get("/socket.io/?EIO=4&transport=polling");
        assertEquals(200, open.statusCode(), open.body());
        return JSON.readTree(open.body().substring(1)).path("sid").asText();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.path("statusCode").asInt(), response.body());
        assertEquals(false, body.path("success").asBoolean(true));
        assertTrue(body.path("message").asText().contains(message), response.body());
    }

    /** A hand-written HTTP/1.1 request, so the body can be sent chunked (no Content-Length). */
    private static HttpResponse<String> raw(String requestLine, String type, String body, boolean chunked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                    .append("Content-Type: ").append(type).append("\r\n");
            head.append(chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + bytes.length + "\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (chunked) {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(bytes);
            }
            out.flush();
            return RawHttp.read(socket.getInputStream());
        }
    }
}
