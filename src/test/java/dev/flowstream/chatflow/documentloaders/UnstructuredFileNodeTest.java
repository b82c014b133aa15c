package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.UnstructuredStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** unstructuredFileLoader against a stub of Unstructured's partition API: the form Flowise sends, elements as documents. */
class UnstructuredFileNodeTest {

    private static final String NOTES = "Otter notes\n\nOtters hold hands while they sleep.\n\nThey eat sea urchins.";

    @TempDir
    Path configDir;
    private final UnstructuredStub unstructured = UnstructuredStub.start("un-key");
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"unstructuredApi\": {\"unstructuredAPIKey\": \"un-key\"}}");
        Files.writeString(configDir.resolve("notes.txt"), NOTES);
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
    }

    @AfterEach
    void stop() {
        runtime.close();
        unstructured.close();
    }

    @Test
    void each_element_with_text_is_a_document_with_its_metadata_its_category_and_the_file_as_source() {
        List<SourceDocument> documents = load(Map.of("fileObject", "notes.txt")).documents(Map.of());

        Map<String, Object> common = Map.of("filename", "notes.txt", "filetype", "text/plain", "page_number", 1,
                "languages", List.of("eng"), "source", "notes.txt");
        assertEquals(List.of(new SourceDocument("Otter notes", with(common, "category", "Title")),
                new SourceDocument("Otters hold hands while they sleep.", with(common, "category", "NarrativeText")),
                new SourceDocument("They eat sea urchins.", with(common, "category", "NarrativeText"))), documents);
    }

    @Test
    void the_form_carries_the_file_and_the_options_as_flowise_sends_them() {
        load(Map.ofEntries(Map.entry("fileObject", LoaderFixture.upload("notes.txt", "text/plain",
                        NOTES.getBytes(StandardCharsets.UTF_8))), Map.entry("strategy", "fast"), Map.entry("encoding", "utf-8"),
                Map.entry("ocrLanguages", "[\"eng\", \"deu\"]"), Map.entry("coordinates", true),
                Map.entry("skipInferTableTypes", "[\"pdf\", \"jpg\", \"png\"]"), Map.entry("hiResModelName", "yolox"),
                Map.entry("chunkingStrategy", "by_title"), Map.entry("multiPageSections", false),
                Map.entry("maxCharacters", "500"), Map.entry("combineUnderNChars", "50"))).documents(Map.of());

        assertEquals(List.of(List.of("files=notes.txt:" + NOTES, "strategy=fast", "ocr_languages=eng", "ocr_languages=deu",
                "encoding=utf-8", "coordinates=true", "skip_infer_table_types=[\"pdf\",\"jpg\",\"png\"]",
                "hi_res_model_name=yolox", "chunking_strategy=by_title", "multipage_sections=false",
                "combine_under_n_chars=50", "max_characters=500")), unstructured.forms());
    }

    @Test
    void unset_options_send_langchain_s_defaults_only() {
        load(Map.of("fileObject", "notes.txt")).documents(Map.of());

        assertEquals(List.of("files=notes.txt:" + NOTES, "strategy=hi_res", "skip_infer_table_types=[]"), unstructured.forms().get(0));
    }

    @Test
    void an_upsert_s_file_replaces_the_node_s_and_metadata_is_added_and_omitted() {
        DocumentLoader loader = load(Map.of("fileObject", "notes.txt", "metadata", "{\"team\": \"otters\"}",
                "omitMetadataKeys", "filetype, languages, page_number, filename"));
        String upload = LoaderFixture.upload("other.txt", "text/plain", "Other\n\nKelp forests.".getBytes(StandardCharsets.UTF_8));

        List<SourceDocument> documents = loader.documents(Map.of("txtFile", upload, "unstructuredAPIUrl", "http://elsewhere.invalid/"));

        assertEquals(List.of(new SourceDocument("Other", Map.of("category", "Title", "source", "other.txt", "team", "otters")),
                new SourceDocument("Kelp forests.", Map.of("category", "NarrativeText", "source", "other.txt", "team", "otters"))),
                documents);
        assertEquals(List.of("txtFile", "pdfFile", "fileObject"), List.of("txtFile", "pdfFile", "fileObject").stream()
                .filter(loader.fileInputs()::contains).toList());
    }

    @Test
    void loading_the_flow_calls_no_api_but_a_file_that_is_not_there_fails_it_naming_the_file() {
        load(Map.of("fileObject", "notes.txt"));
        assertEquals(List.of(), unstructured.forms());

        FlowLoadException missing = assertThrows(FlowLoadException.class, () -> load(Map.of("fileObject", "missing.pdf")));
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) input fileObject: no file missing.pdf in the "
                + "config directory", missing.getMessage());
    }

    @Test
    void a_wrong_key_or_an_api_that_is_down_fails_as_the_provider_naming_the_node() {
        environment.put("UNSTRUCTURED_API_KEY", "ignored: the credential comes first");
        DocumentLoader wrongKey = load(Map.of("fileObject", "notes.txt", "unstructuredAPIKey", "wrong"));
        ChatflowException refused = assertThrows(ChatflowException.class, () -> wrongKey.documents(Map.of()));
        assertEquals(ChatflowException.Kind.PROVIDER, refused.kind());
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader): Unstructured answered HTTP 401 to POST "
                + "/general/v0/general", refused.getMessage());

        DocumentLoader down = load(Map.of("fileObject", "notes.txt"));
        unstructured.close();
        ChatflowException failure = assertThrows(ChatflowException.class, () -> down.documents(Map.of()));
        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) could not reach Unstructured at 127.0.0.1 "
                + "(ConnectException)", failure.getMessage());
    }

    @Test
    void bad_options_or_address_fail_the_load_naming_the_input() {
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) input strategy must be one of [auto, fast, "
                + "hi_res, ocr_only], not best", loadFailure(Map.of("strategy", "best")));
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) input chunkingStrategy must be one of [None, "
                + "basic, by_page, by_similarity, by_title], not by_chapter", loadFailure(Map.of("chunkingStrategy", "by_chapter")));
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) input ocrLanguages must be a JSON list of options",
                loadFailure(Map.of("ocrLanguages", "{\"eng\": true}")));
        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) input unstructuredAPIUrl must be an http or "
                + "https address like http://localhost:8000/general/v0/general, not ftp://files.invalid/",
                loadFailure(Map.of("unstructuredAPIUrl", "ftp://files.invalid/")));
    }

    @Test
    void an_upsert_without_any_file_fails_naming_the_node() {
        DocumentLoader loader = load(Map.of());

        assertEquals("node unstructuredFileLoader_0 (unstructuredFileLoader) needs a file: upload one into its fileObject "
                + "input or send it to the upsert", assertThrows(FlowLoadException.class, () -> loader.documents(Map.of())).getMessage());
    }

    private String loadFailure(Map<String, Object> inputs) {
        return assertThrows(FlowLoadException.class, () -> load(inputs)).getMessage();
    }

    private DocumentLoader load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("unstructuredAPIUrl", unstructured.url()));
        all.putAll(inputs);
        return UnstructuredFileNode.load(ProviderFixture.node("unstructuredFileLoader_0", UnstructuredFileNode.NAME, all),
                new LoaderWiring(runtime));
    }

    private static Map<String, Object> with(Map<String, Object> metadata, String key, Object value) {
        Map<String, Object> all = new HashMap<>(metadata);
        all.put(key, value);
        return all;
    }
}
