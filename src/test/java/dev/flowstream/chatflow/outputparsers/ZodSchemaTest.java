package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Zod schema text of an advancedStructuredOutputParser, read into JSON Schema without running it. */
class ZodSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_schema_flowise_ships_becomes_its_json_schema() throws Exception {
        Shape shape = ZodSchema.parse("""
                z.array(z.object({
                    title: z.string(), // Title of the movie as a string
                    yearOfRelease: z.number().int(), /* a whole year */
                    genres: z.enum(["Action", 'Drama']).array().max(2),
                    "short description": z.string().max(500).describe("one \\"short\\" line").optional(),
                    seen: z.boolean().optional(),
                    rating: z.number().min(0.5).max(5),
                }));""");

        assertEquals(JSON.readTree("""
                {"type": "array", "items": {"type": "object", "properties": {
                  "title": {"type": "string"},
                  "yearOfRelease": {"type": "integer"},
                  "genres": {"type": "array", "items": {"type": "string", "enum": ["Action", "Drama"]}, "maxItems": 2},
                  "short description": {"type": "string", "maxLength": 500, "description": "one \\"short\\" line"},
                  "seen": {"type": "boolean"},
                  "rating": {"type": "number", "minimum": 0.5, "maximum": 5}},
                  "required": ["title", "yearOfRelease", "genres", "rating"], "additionalProperties": false},
                 "$schema": "http://json-schema.org/draft-07/schema#"}"""), shape.jsonSchema());
    }

    @Test
    void zod_the_reader_does_not_know_is_refused_by_name() {
        assertEquals("uses z.date, which Flowstream does not support (it reads " + ZodSchema.SUPPORTED + ")",
                refusal("z.object({ when: z.date() })"));
        assertEquals("uses .nullable(), which Flowstream does not support (it reads " + ZodSchema.SUPPORTED + ")",
                refusal("z.object({ name: z.string().nullable() })"));
        assertEquals("uses .int() on z.string, which Flowstream does not support (it reads " + ZodSchema.SUPPORTED + ")",
                refusal("z.string().int()"));
    }

    @Test
    void text_that_is_not_a_schema_says_where_it_stops_making_sense() {
        assertEquals("has \"{\" where \"z\" belongs", refusal("{\"title\": \"string\"}"));
        assertEquals("ends too early", refusal("z.object({ title: z.string()"));
        assertEquals("has an unexpected \")\"", refusal("z.object({}))"));
        assertEquals("cannot be read near \"# comment\"", refusal("z.string() # comment"));
        assertEquals("has a z.enum without values", refusal("z.enum([])"));
    }

    private static String refusal(String schema) {
        return assertThrows(IllegalArgumentException.class, () -> ZodSchema.parse(schema)).getMessage();
    }
}
