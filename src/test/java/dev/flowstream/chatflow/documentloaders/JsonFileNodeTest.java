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

/** Flowise's jsonFile loader: one document per string, found the way LangChain's JSONLoader finds them. */
class JsonFileNodeTest {

    private static final String ARTICLES = """
            [
              {"url": "https://example.org/otters", "title": "Otters", "body": "Sea otters hold hands.",
               "tags": ["marine", "mammal"], "stars": 5, "draft": false,
               "comments": [{"body": "Adorable."}, {"author": "Ann", "text": "Not shown"}]},
              {"url": "https://example.org/kelp", "title": "Kelp", "body": "Kelp grows fast.", "nested": {"body": "Deep"}}
            ]""";

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
    void without_pointers_every_string_of_every_item_is_a_document_numbered_by_line() {
        List<SourceDocument> documents = fixture.documents("jsonFile", Map.of("jsonFile", json("a.json", "{\"a\": \"one\", \"b\": [\"two\", 3, \"\"]}")));

        assertEquals(List.of(new SourceDocument("one", Map.of("source", "a.json", "line", 1)),
                new SourceDocument("two", Map.of("source", "a.json", "line", 2))), documents);
    }

    @Test
    void pointers_pick_the_strings_under_their_keys_level_by_level_as_langchain_does() {
        List<SourceDocument> documents = fixture.documents("jsonFile", Map.of("pointersName", "body, title",
                "jsonFile", json("articles.json", ARTICLES)));

        // beside a level where a key was found, LangChain looks one level further only: the nested body is found,
        // the comments' bodies (an array, then objects) are not
        assertEquals(List.of("Sea otters hold hands.", "Otters", "Kelp grows fast.", "Kelp", "Deep"),
                documents.stream().map(SourceDocument::pageContent).toList());
    }

    @Test
    void metadata_pointers_are_read_from_each_item_and_other_values_are_added_as_they_are() {
        List<SourceDocument> documents = fixture.documents("jsonFile", Map.of("pointersName", "body",
                "metadata", Map.of("page", "/url", "kind", "article", "missing", "/nowhere"), "jsonFile", json("articles.json", ARTICLES)));

        assertEquals(Map.of("source", "articles.json", "line", 1, "page", "https://example.org/otters", "kind", "article"),
                documents.get(0).metadata());
        assertEquals("https://example.org/kelp", documents.get(documents.size() - 1).metadata().get("page"));
    }

    @Test
    void separate_by_object_makes_one_document_of_key_value_lines_per_object() {
        List<SourceDocument> documents = fixture.documents("jsonFile", Map.of("separateByObject", true,
                "jsonFile", json("articles.json", ARTICLES)));

        assertEquals(2, documents.size());
        assertEquals("url: https://example.org/kelp\ntitle: Kelp\nbody: Kelp grows fast.\nnested.body: Deep", documents.get(1).pageContent());
        assertEquals("url: https://example.org/otters\ntitle: Otters\nbody: Sea otters hold hands.\ntags: [\"marine\",\"mammal\"]\n"
                + "stars: 5\ndraft: false\ncomments: [{\"body\":\"Adorable.\"},{\"author\":\"Ann\",\"text\":\"Not shown\"}]",
                documents.get(0).pageContent());
    }

    @Test
    void pointers_that_find_no_text_fail_the_load_naming_them_and_the_file() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> fixture.documents("jsonFile",
                Map.of("pointersName", "summary,abstract", "jsonFile", json("articles.json", ARTICLES))));

        assertEquals("node jsonFile_0 (jsonFile) input pointersName: no text under /summary, /abstract in file articles.json",
                failure.getMessage());
    }

    @Test
    void a_file_that_is_not_json_fails_the_load_naming_it_and_the_line() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("jsonFile", Map.of("jsonFile", json("broken.json", "[\n{\"a\": \"b\"},\n{oops}\n]"))));

        assertEquals("node jsonFile_0 (jsonFile) input jsonFile: uploaded file broken.json is not valid JSON (line 3)", failure.getMessage());
    }

    private static String json(String name, String text) {
        return upload(name, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }
}
