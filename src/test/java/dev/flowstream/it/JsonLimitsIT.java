package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON past the parser's limits (nesting, number length, key length) is a 400 naming the limit. */
class JsonLimitsIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @Test
    void nesting_deeper_than_1000_levels_is_a_400_naming_the_depth() throws Exception {
        String deep = "{\"question\":\"q\",\"overrideConfig\":{\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}}";
        assertRefused(server.post(PREDICTION, deep, "application/json"), "nested deeper than 1000");
    }

    @Test
    void a_number_longer_than_1000_digits_is_a_400_naming_the_length() throws Exception {
        String body = "{\"question\":\"q\",\"overrideConfig\":{\"temperature\":" + "1".repeat(1001) + "}}";
        assertRefused(server.post(PREDICTION, body, "application/json"), "number longer than 1000");
    }

    @Test
    void a_key_longer_than_50000_characters_is_a_400_naming_the_length() throws Exception {
        String body = "{\"question\":\"q\",\"" + "k".repeat(50_001) + "\":1}";
        assertRefused(server.post(PREDICTION, body, "application/json"), "key longer than 50000");
    }

    @Test
    void just_inside_the_limits_is_accepted() throws Exception {
        String body = "{\"question\":\"inside\",\"overrideConfig\":{\"x\":" + "[".repeat(990) + "]".repeat(990)
                + ",\"n\":" + "1".repeat(1000) + ",\"" + "k".repeat(50_000) + "\":1}}";
        HttpResponse<String> response = server.post(PREDICTION, body, "application/json");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Echo: inside", JSON.readTree(response.body()).path("text").asText());
    }

    private static void assertRefused(HttpResponse<String> response, String message) throws Exception {
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "),
                "no stack trace reaches the client: " + response.body());
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(400, body.path("statusCode").asInt());
        assertEquals(false, body.path("success").asBoolean(true));
        assertTrue(body.path("message").asText().contains(message), response.body());
    }
}
