package dev.flowstream.chatflow.documentloaders;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** API answers written as JavaScript's JSON.stringify(data, null, 2) writes them; expectations printed by Node 20. */
class JsJsonTest {

    @Test
    void numbers_are_written_as_javascript_prints_them() {
        assertEquals(List.of("1e+21", "123456789012", "-0.5", "2.5e-7", "0", "100", "0.000001"),
                List.of(1e21, 123456789012d, -0.5, 2.5e-7, 0d, 100d, 1e-6).stream().map(JsJson::number).toList());
    }

    @Test
    void nested_containers_are_indented_by_two_and_control_characters_escaped_in_lower_case_hex() {
        assertEquals("[\n  1,\n  {\n    \"a\": [],\n    \"b\": \"x\\u001fy\"\n  }\n]", JsJson.of("[1, {\"a\": [], \"b\": \"x\\u001Fy\"}]"));
    }

    @Test
    void a_body_that_is_not_json_is_one_string() {
        assertEquals("\"<html>\\t</html>\"", JsJson.of("<html>\t</html>"));
        assertEquals("\"\"", JsJson.of(""));
    }
}
