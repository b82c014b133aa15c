package dev.flowstream.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of Flowstream: a reader for JSON that clients send, strict and
 * bounded, and a writer for every JSON answer. The read limits are stated here rather than
 * inherited, so a Jackson upgrade cannot move them unseen.
 *
 * <p>Threading: stateless; the reader and writer are immutable and shared by every thread.
 */
public final class Json {

    /** Deepest nesting of arrays and objects a client's JSON may have. */
    public static final int MAX_DEPTH = 1000;
    /** Longest number, in digits, a client's JSON may hold. */
    public static final int MAX_NUMBER_DIGITS = 1000;
    /** Longest object key, in characters, a client's JSON may hold. */
    public static final int MAX_KEY_CHARS = 50_000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_DIGITS)
                            .maxNameLength(MAX_KEY_CHARS)
                            .build())
                    .build())
            // a repeated key or a second value after the first is a client's mistake, not data to guess at
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {
    }

    /** Reads JSON from outside: within the limits above, no duplicate keys, nothing after the value. */
    public static ObjectReader reader() {
        return READER;
    }

    /** A value (maps, lists, strings, numbers) as a JSON tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Writes every JSON answer and event payload. */
    public static ObjectWriter writer() {
        return WRITER;
    }
}
