package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A model's answer read as JSON and checked against a Zod shape, as Zod checks it. */
class StructuredAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Shape PERSON = ZodSchema.parse(
            "z.object({ name: z.string().min(2), age: z.number().int().optional(), tags: z.array(z.string()).max(2) })");

    @Test
    void the_first_fenced_block_is_read_and_unknown_keys_are_dropped() throws Exception {
        JsonNode value = checked("Sure!\n```json\n{name: 'Ada', tags: [\"math\",], extra: true}\n```\nand ```{}```");

        assertEquals(JSON.readTree("{\"name\": \"Ada\", \"tags\": [\"math\"]}"), value);
    }

    @Test
    void values_are_not_coerced_and_required_keys_must_be_there() {
        assertEquals("age must be a number, not string \"36\"", failure("{\"name\": \"Ada\", \"age\": \"36\", \"tags\": []}"));
        assertEquals("age must be a whole number, not number 36.5", failure("{\"name\": \"Ada\", \"age\": 36.5, \"tags\": []}"));
        assertEquals("tags is missing", failure("{\"name\": \"Ada\"}"));
        assertEquals("age must be a number, not null", failure("{\"name\": \"Ada\", \"age\": null, \"tags\": []}"));
    }

    @Test
    void bounds_are_held() {
        assertEquals("name must have at least 2 characters", failure("{\"name\": \"A\", \"tags\": []}"));
        assertEquals("tags must have at most 2 items", failure("{\"name\": \"Ada\", \"tags\": [\"a\", \"b\", \"c\"]}"));
    }

    @Test
    void text_that_is_not_one_json_value_does_not_parse() {
        assertEquals("the answer holds no JSON", failure("   "));
        assertEquals("the answer has text after its JSON", failure("{\"name\": \"Ada\", \"tags\": []} I hope this helps"));
        assertEquals("the answer must be an object, not array", failure("[]"));
    }

    private static JsonNode checked(String answer) throws ParseFailure {
        return ShapeCheck.checked(PERSON, JsonAnswer.read(answer), "");
    }

    private static String failure(String answer) {
        return assertThrows(ParseFailure.class, () -> checked(answer)).getMessage();
    }
}
