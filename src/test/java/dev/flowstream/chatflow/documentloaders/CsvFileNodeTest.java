package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.documentloaders.LoaderFixture.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flowise's csvFile loader: one document per row, as its CSV loader writes them. */
class CsvFileNodeTest {

    private static final String ANIMALS = "\uFEFFname,habitat, diet\nSea otter,\"Kelp forests, Pacific\",urchins\n"
            + "River otter,Rivers,fish\n";

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
    void each_row_is_a_document_of_column_value_lines_numbered_by_line() {
        List<SourceDocument> documents = fixture.documents("csvFile", Map.of("csvFile", csv("animals.csv", ANIMALS)));

        assertEquals(List.of(
                new SourceDocument("name: Sea otter\nhabitat: Kelp forests, Pacific\ndiet: urchins", Map.of("source", "animals.csv", "line", 1)),
                new SourceDocument("name: River otter\nhabitat: Rivers\ndiet: fish", Map.of("source", "animals.csv", "line", 2))), documents);
    }

    @Test
    void a_column_name_keeps_that_column_s_values_alone() {
        List<SourceDocument> documents = fixture.documents("csvFile", Map.of("columnName", " habitat ", "csvFile", csv("animals.csv", ANIMALS)));

        assertEquals(List.of("Kelp forests, Pacific", "Rivers"), documents.stream().map(SourceDocument::pageContent).toList());
    }

    @Test
    void a_column_the_file_does_not_have_fails_the_load_naming_the_file_and_its_columns() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("csvFile", Map.of("columnName", "weight", "csvFile", csv("animals.csv", ANIMALS))));

        assertEquals("node csvFile_0 (csvFile) input columnName: file animals.csv has no column weight (its columns: name, habitat, "
                + " diet)", failure.getMessage());
    }

    @Test
    void the_delimiter_is_guessed_and_a_single_row_has_no_line_number() {
        List<SourceDocument> documents = fixture.documents("csvFile", Map.of("csvFile", csv("one.csv", "name;habitat\nSea otter;Kelp")));

        assertEquals(List.of(new SourceDocument("name: Sea otter\nhabitat: Kelp", Map.of("source", "one.csv"))), documents);
    }

    @Test
    void metadata_is_added_and_the_row_s_own_keys_win_or_are_omitted() {
        List<SourceDocument> documents = fixture.documents("csvFile", Map.of("csvFile", csv("animals.csv", ANIMALS),
                "metadata", "{\"line\": 99, \"zoo\": \"Monterey\"}", "omitMetadataKeys", "source"));

        assertEquals(Map.of("line", 1, "zoo", "Monterey"), documents.get(0).metadata());
        List<SourceDocument> only = fixture.documents("csvFile", Map.of("csvFile", csv("animals.csv", ANIMALS),
                "metadata", Map.of("zoo", "Monterey"), "omitMetadataKeys", "*"));
        assertEquals(Map.of("zoo", "Monterey"), only.get(1).metadata());
    }

    @Test
    void a_csv_in_the_config_directory_is_read_and_one_with_a_broken_quote_fails_the_load() throws Exception {
        Files.writeString(configDir.resolve("animals.csv"), ANIMALS);
        assertEquals(2, fixture.documents("csvFile", Map.of("csvFile", "animals.csv")).size());

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("csvFile", Map.of("csvFile", csv("broken.csv", "name,habitat\n\"Sea otter,Kelp\n"))));
        assertTrue(failure.getMessage().startsWith("node csvFile_0 (csvFile) input csvFile: uploaded file broken.csv is not valid CSV ("),
                failure.getMessage());
    }

    @Test
    void a_file_that_is_not_utf_8_fails_the_load_naming_it() {
        String latin1 = upload("latin.csv", "text/csv", "name\nOtter \u00e9".getBytes(StandardCharsets.ISO_8859_1));

        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> fixture.documents("csvFile", Map.of("csvFile", latin1)));

        assertEquals("node csvFile_0 (csvFile) input csvFile: uploaded file latin.csv is not UTF-8 text", failure.getMessage());
    }

    private static String csv(String name, String text) {
        return upload(name, "text/csv", text.getBytes(StandardCharsets.UTF_8));
    }
}
