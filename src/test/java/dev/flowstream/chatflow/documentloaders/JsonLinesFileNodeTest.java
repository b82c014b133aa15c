package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.documentloaders.LoaderFixture.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Flowise's jsonlinesFile loader: the text at one key of each line. */
class JsonLinesFileNodeTest {

    private static final String LINES = "{\"text\": \"Sea otters hold hands.\", \"url\": \"/otters\"}\n\n"
            + "{\"text\": \"Kelp grows fast.\", \"url\": \"/kelp\"}\n";

    @TempDir
    Path configDir;
    private LoaderFixture fixture;

    @BeforeEach
    void start() {
        fixture = new LoaderFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void each_line_s_text_at_the_pointer_is_a_document_with_its_line_and_the_metadata_it_points_at() {
        List<SourceDocument> documents = fixture.documents("jsonlinesFile", Map.of("pointerName", "text",
                "metadata", "{\"page\": \"/url\", \"kind\": \"fact\"}", "jsonlinesFile", jsonl("facts.jsonl", LINES)));

        assertEquals(List.of(
                new SourceDocument("Sea otters hold hands.", Map.of("source", "facts.jsonl", "line", 1, "page", "/otters", "kind", "fact")),
                new SourceDocument("Kelp grows fast.", Map.of("source", "facts.jsonl", "line", 2, "page", "/kelp", "kind", "fact"))),
                documents);
    }

    @Test
    void a_line_without_text_at_the_pointer_fails_the_load_naming_the_line_and_the_file() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> fixture.documents("jsonlinesFile",
                Map.of("pointerName", "summary", "jsonlinesFile", jsonl("facts.jsonl", LINES))));

        assertEquals("node jsonlinesFile_0 (jsonlinesFile) input pointerName: line 1 of file facts.jsonl has no text at /summary",
                failure.getMessage());
    }

    @Test
    void a_file_without_a_pointer_name_fails_the_load_and_a_line_that_is_not_json_names_its_number() {
        FlowLoadException unnamed = assertThrows(FlowLoadException.class,
                () -> fixture.documents("jsonlinesFile", Map.of("jsonlinesFile", jsonl("facts.jsonl", LINES))));
        assertEquals("node jsonlinesFile_0 (jsonlinesFile) needs the key of each line's text in its pointerName input", unnamed.getMessage());

        FlowLoadException broken = assertThrows(FlowLoadException.class, () -> fixture.documents("jsonlinesFile",
                Map.of("pointerName", "text", "jsonlinesFile", jsonl("facts.jsonl", LINES + "{text: oops}\n"))));
        assertEquals("node jsonlinesFile_0 (jsonlinesFile) input jsonlinesFile: uploaded file facts.jsonl is not JSON Lines: "
                + "line 4 is not valid JSON", broken.getMessage());
    }

    private static String jsonl(String name, String text) {
        return upload(name, "application/jsonl", text.getBytes(StandardCharsets.UTF_8));
    }
}
