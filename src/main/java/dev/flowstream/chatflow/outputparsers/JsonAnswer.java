package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The JSON in a model's answer, read as Flowise's structured parsers read it: the first fenced
 * block when there is one (```json ... ```), else the whole answer; and forgiving of what models
 * get wrong (single quotes, unquoted keys, trailing commas, comments), as {@code jsonrepair} is for
 * the common cases. Stateless and thread-safe.
 */
final class JsonAnswer {

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonAnswer() {
    }

    static JsonNode read(String completion) throws ParseFailure {
        String text = completion.trim();
        if (text.contains("```")) {
            String[] parts = text.split("```(?:json)?", -1);
            text = parts[1].trim();
        }
        if (text.isEmpty()) throw new ParseFailure("the answer holds no JSON");
        try (JsonParser parser = LENIENT.createParser(text)) {
            JsonNode value = LENIENT.readTree(parser);
            if (value == null || value.isMissingNode()) throw new ParseFailure("the answer holds no JSON");
            if (!atEnd(parser)) throw new ParseFailure("the answer has text after its JSON");
            return value;
        } catch (IOException e) {
            throw new ParseFailure("the answer is not JSON (" + firstLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()) + ")");
        }
    }

    private static boolean atEnd(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
