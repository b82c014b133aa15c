package dev.flowstream.prediction;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.http.HttpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionRequestParserTest {

    private final PredictionRequestParser parser = new PredictionRequestParser();

    @Test
    void the_seed_body_parses_with_its_socket_id() {
        PredictionRequest request = parser.parse("{\"question\":\"Hey, how are you?\",\"socketIOClientId\":\"abc\"}");
        assertEquals("Hey, how are you?", request.question());
        assertEquals("abc", request.socketIOClientId().orElseThrow());
        assertFalse(request.streaming());
        assertTrue(request.chatId().isEmpty());
    }

    @Test
    void session_id_comes_from_override_config() {
        PredictionRequest request = parser.parse("{\"question\":\"q\",\"overrideConfig\":{\"sessionId\":\"s1\",\"temperature\":0.2,\"x\":null}}");
        assertEquals("s1", request.sessionId().orElseThrow());
        assertEquals(Map.of("sessionId", "s1", "temperature", 0.2), request.overrideConfig());
    }

    @Test
    void history_accepts_flowise_and_openai_shapes() {
        PredictionRequest request = parser.parse("{\"question\":\"q\",\"history\":["
                + "{\"type\":\"userMessage\",\"message\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}");
        assertEquals(List.of(new ChatTurn(ChatTurn.Role.USER, "hi"), new ChatTurn(ChatTurn.Role.ASSISTANT, "hello")),
                request.history());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "true|true", "\"true\"|true", "false|false", "\"false\"|false"})
    void streaming_is_a_boolean_or_its_string(String value, boolean expected) {
        assertEquals(expected, parser.parse("{\"question\":\"q\",\"streaming\":" + value + "}").streaming());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"question\": |request body is not valid JSON",
            "{'question':'q'}|request body is not valid JSON",
            "{\"question\":\"a\",\"question\":\"b\"}|request body is not valid JSON",
            "{\"question\":\"q\"} {}|request body is not valid JSON",
            "[1,2]|request body must be a JSON object, was an array",
            "{}|question is required",
            "{\"question\":42}|question must be a string, was a number",
            "{\"question\":\"  \"}|question must not be empty",
            "{\"question\":\"q\",\"socketIOClientId\":7}|socketIOClientId must be a string, was a number",
            "{\"question\":\"q\",\"chatId\":{}}|chatId must be a string, was an object",
            "{\"question\":\"q\",\"overrideConfig\":[]}|overrideConfig must be an object, was an array",
            "{\"question\":\"q\",\"history\":{}}|history must be an array, was an object",
            "{\"question\":\"q\",\"history\":[{\"type\":\"robot\",\"message\":\"x\"}]}|history[0] must be",
            "{\"question\":\"q\",\"history\":[3]}|history[0] must be an object, was a number",
            "{\"question\":\"q\",\"streaming\":\"yes\"}|streaming must be true or false",
            "[object Object]|JSON.stringify(data)",
    })
    void bad_bodies_are_refused_with_a_message_naming_the_problem(String body, String message) {
        HttpException error = assertThrows(HttpException.class, () -> parser.parse(body));
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void an_empty_body_asks_for_a_question() {
        HttpException error = assertThrows(HttpException.class, () -> parser.parse(""));
        assertTrue(error.getMessage().contains("empty"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1001|0|0|nested deeper than 1000 levels",
            "0|1001|0|a number longer than 1000 digits",
            "0|0|50001|a key longer than 50000 characters",
    })
    void json_past_the_parser_limits_is_refused_naming_the_limit(int depth, int digits, int keyLength, String message) {
        StringBuilder body = new StringBuilder("{\"question\":\"q\",\"overrideConfig\":{\"x\":");
        body.append("[".repeat(depth)).append(digits > 0 ? "1".repeat(digits) : "0").append("]".repeat(depth));
        if (keyLength > 0) body.append(",\"").append("k".repeat(keyLength)).append("\":1");
        body.append("}}");
        HttpException error = assertThrows(HttpException.class, () -> parser.parse(body.toString()));
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"question\":\"\\u0000\"}|question",
            "{\"question\":\"q\",\"socketIOClientId\":\"a\\u0000\"}|socketIOClientId",
            "{\"question\":\"q\",\"history\":[{\"type\":\"apiMessage\",\"message\":\"\\u0000\"}]}|history[0].message",
            "{\"question\":\"q\",\"overrideConfig\":{\"a\":[\"ok\",\"\\u0000\"]}}|overrideConfig.a[1]",
            "{\"question\":\"q\",\"\\u0000\":1}|a field name",
    })
    void a_nul_character_in_any_text_is_refused_naming_where(String body, String where) {
        HttpException error = assertThrows(HttpException.class, () -> parser.parse(body));
        assertEquals(400, error.status());
        assertTrue(error.getMessage().startsWith(where + " must not contain"), error.getMessage());
    }
}
