package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Passages for the synthesizer tests, and the event order every answer keeps. */
final class Passages {

    static final List<SourceDocument> SOURCES = List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple")));

    private Passages() {
    }

    /** "Sentence number N is here." for N in [from, to], one per line: about 7 tokens each. */
    static String sentences(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Passages::sentence).collect(Collectors.joining("\n"));
    }

    static String sentence(int n) {
        return "Sentence number " + n + " is here.";
    }

    /** start, the tokens of {@code answer} (one per word), the sources, end. */
    static void assertStreamed(String answer, RecordingSink sink) {
        assertEquals(answer, sink.text());
        List<String> names = sink.names();
        assertEquals("start", names.get(0), names.toString());
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()), names.toString());
        assertEquals(1, sink.count("end"));
    }
}
