package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text the server cannot keep faithfully (invalid UTF-8, NUL characters) is refused, naming where. */
class TextInputIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "local-docs|{\"question\":\"\\u0000\"}|question must not contain",
            "stub|{\"question\":\"a\\u0000b\"}|question must not contain",
            "stub|{\"question\":\"q\",\"chatId\":\"c\\u0000\"}|chatId must not contain",
            "stub|{\"question\":\"q\",\"overrideConfig\":{\"sessionId\":\"\\u0000\"}}|overrideConfig.sessionId must not contain",
            "stub|{\"question\":\"q\",\"history\":[{\"role\":\"user\",\"content\":\"\\u0000\"}]}|history[0].content must not contain",
            "stub|{\"question\":\"q\",\"overrideConfig\":{\"vars\":{\"a\\u0000\":1}}}|a field name in overrideConfig.vars must not contain",
    })
    void a_nul_character_in_a_text_field_is_a_400_naming_the_field(String flow, String body, String message) throws Exception {
        assertRefused(server.post("/api/v1/prediction/" + flow, body, "application/json"), message);
    }

    @Test
    void invalid_utf8_in_the_body_is_a_400() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"question\":\"caf".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC3); // the first byte of a two-byte sequence, cut off by the quote
        body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = TestServer.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/api/v1/prediction/" + TestServer.STUB_FLOW))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertRefused(response, "not valid UTF-8");
    }

    @Test
    void other_control_characters_and_non_ascii_text_are_kept() throws Exception {
        HttpResponse<String> response = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                "{\"question\":\"caf\u00e9 \\u0001 \u4e2d\"}", "application/json; charset=utf-8");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Echo: caf\u00e9 \u0001 \u4e2d", JSON.readTree(response.body()).path("text").asText());
    }

    private static void assertRefused(HttpResponse<String> response, String message) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(400, body.path("statusCode").asInt());
        assertTrue(body.path("message").asText().contains(message), response.body());
    }
}
