package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a client's received events against the stream contract in the README ("Streaming to a front-end"). */
public final class StreamAssertions {

    public static final ObjectMapper JSON = new ObjectMapper();

    private StreamAssertions() {
    }

    /** The HTTP body of a node script result, parsed when it came back as text. */
    public static JsonNode body(JsonNode result) {
        JsonNode body = result.path("http").path("body");
        if (!body.isTextual()) return body;
        try {
            return JSON.readTree(body.asText());
        } catch (Exception e) {
            return body;
        }
    }

    public static List<String> names(JsonNode events) {
        List<String> names = new ArrayList<>();
        events.forEach(event -> names.add(event.path("name").asText()));
        return names;
    }

    /** start (carrying the first token), tokens whose concatenation is {@code text}, one end, last. */
    public static void assertWellFormed(JsonNode events, String text) {
        List<String> names = names(events);
        assertFalse(names.isEmpty(), "no events received");
        assertEquals("start", names.get(0), names.toString());
        assertEquals("end", names.get(names.size() - 1), names.toString());
        assertEquals(1, names.stream().filter("end"::equals).count(), "exactly one end: " + names);
        assertEquals(1, names.stream().filter("start"::equals).count(), "exactly one start: " + names);
        StringBuilder joined = new StringBuilder();
        String firstToken = null;
        boolean afterTokens = false;
        for (JsonNode event : events) {
            String name = event.path("name").asText();
            if (name.equals("token")) {
                assertFalse(afterTokens, "token after sourceDocuments/usedTools: " + names);
                assertTrue(event.path("data").isTextual(), "token payload is a string");
                assertFalse(event.path("data").asText().isEmpty(), "no empty tokens");
                if (firstToken == null) firstToken = event.path("data").asText();
                joined.append(event.path("data").asText());
            } else if (name.equals("sourceDocuments") || name.equals("usedTools")) {
                afterTokens = true;
            }
        }
        assertEquals(firstToken, events.get(0).path("data").asText(), "start carries the first token");
        assertEquals(text, joined.toString(), "concatenated tokens equal the answer text");
    }
}
