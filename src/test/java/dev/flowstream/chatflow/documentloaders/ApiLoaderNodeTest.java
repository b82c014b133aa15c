package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.ApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * apiLoader against a small local JSON API. The expected texts are what
 * {@code JSON.stringify(data, null, 2)} printed in Node 20 for the same answers, as LangChain's
 * ApiLoader writes them.
 */
class ApiLoaderNodeTest {

    private static final String OTTERS_TEXT = "{\n  \"otters\": [\n    {\n      \"name\": \"Kelp\",\n      \"age\": 4,\n"
            + "      \"weight\": 22.5,\n      \"tags\": []\n    },\n    {\n      \"name\": \"Pebble\",\n      \"age\": 2,\n"
            + "      \"weight\": 1e-7,\n      \"friends\": {}\n    }\n  ],\n  \"total\": 2,\n  \"next\": null,\n"
            + "  \"ok\": true,\n  \"note\": \"line\\none \\\"quoted\\\" é\"\n}";

    @TempDir
    Path configDir;
    private final ApiStub api = ApiStub.start();
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
    }

    @AfterEach
    void stop() {
        runtime.close();
        api.close();
    }

    @Test
    void a_get_s_json_answer_is_one_document_written_as_indented_json_with_its_address() {
        List<SourceDocument> documents = load(Map.of("method", "GET", "url", api.url("/otters"),
                "headers", "{\"Authorization\": \"Bearer otter-key\"}")).documents(Map.of());

        assertEquals(List.of(new SourceDocument(OTTERS_TEXT, Map.of("url", api.url("/otters")))), documents);
        ApiStub.Request sent = api.requests().get(0);
        assertEquals("GET", sent.method());
        assertEquals(Optional.of("Bearer otter-key"), sent.header("Authorization"));
    }

    @Test
    void a_post_sends_its_json_body_and_an_unset_body_is_an_empty_object() {
        ApiLoaderNode search = load(Map.of("method", "POST", "url", api.url("/search"), "body", "{\"query\": \"kelp\"}"));

        assertEquals("{\n  \"query\": \"kelp\",\n  \"hits\": 1\n}", search.documents(Map.of()).get(0).pageContent());
        assertEquals("{\"query\":\"kelp\"}", api.requests().get(0).body());
        assertEquals(Optional.of("application/json"), api.requests().get(0).header("Content-Type"));

        load(Map.of("method", "POST", "url", api.url("/search"))).documents(Map.of());
        assertEquals("{}", api.requests().get(1).body());
    }

    @Test
    void a_text_answer_becomes_a_json_string_as_axios_and_langchain_make_it() {
        assertEquals("\"Otters hold hands.\\nThey sleep.\"",
                load(Map.of("url", api.url("/notes"))).documents(Map.of()).get(0).pageContent());
    }

    @Test
    void redirects_are_followed_a_307_keeping_the_post() {
        assertEquals(OTTERS_TEXT, load(Map.of("url", api.url("/old"))).documents(Map.of()).get(0).pageContent());

        load(Map.of("method", "POST", "url", api.url("/keep"), "body", "{\"query\": \"crab\"}")).documents(Map.of());
        ApiStub.Request last = api.requests().get(api.requests().size() - 1);
        assertEquals(List.of("POST", "/search", "{\"query\":\"crab\"}"), List.of(last.method(), last.path(), last.body()));
    }

    @Test
    void metadata_and_the_splitter_apply_and_a_request_may_override_only_the_metadata() {
        TextSplitter lines = text -> List.of(text.split("\n"));
        ApiLoaderNode loader = ApiLoaderNode.load(ProviderFixture.node("apiLoader_0", ApiLoaderNode.NAME,
                Map.of("url", api.url("/search"), "method", "POST", "metadata", "{\"team\": \"otters\"}")),
                new LoaderWiring(runtime, Optional.of(lines)));

        List<SourceDocument> chunks = loader.documents(Map.of());
        assertEquals(List.of("{", "  \"query\": null,", "  \"hits\": 1", "}"), chunks.stream().map(SourceDocument::pageContent).toList());
        assertEquals(Map.of("url", api.url("/search"), "team", "otters"), chunks.get(0).metadata());

        Map<String, Object> overrides = new HashMap<>(Map.of("omitMetadataKeys", "url", "url", "http://elsewhere.invalid/"));
        assertEquals(Map.of("team", "otters"), loader.documents(overrides).get(0).metadata());
        assertEquals(api.url("/search"), api.url(api.requests().get(1).path()));
    }

    @Test
    void loading_the_flow_sends_nothing() {
        load(Map.of("url", api.url("/otters")));

        assertEquals(List.of(), api.requests());
    }

    @Test
    void an_answer_other_than_2xx_or_an_api_that_is_down_fails_as_the_provider_naming_the_node() {
        ChatflowException missing = assertThrows(ChatflowException.class,
                () -> load(Map.of("url", api.url("/nowhere"))).documents(Map.of()));
        assertEquals(ChatflowException.Kind.PROVIDER, missing.kind());
        assertEquals("node apiLoader_0 (apiLoader): " + api.url("/nowhere") + " answered HTTP 404", missing.getMessage());

        ApiLoaderNode down = load(Map.of("url", api.url("/otters")));
        api.close();
        ChatflowException failure = assertThrows(ChatflowException.class, () -> down.documents(Map.of()));
        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node apiLoader_0 (apiLoader) could not fetch " + api.url("/otters") + " (ConnectException)",
                failure.getMessage());
    }

    @Test
    void bad_inputs_fail_the_load_naming_the_input() {
        assertEquals("node apiLoader_0 (apiLoader) input url must be an http or https address like https://example.com/api, "
                + "not file:///etc/passwd", loadFailure(Map.of("url", "file:///etc/passwd")));
        assertEquals("node apiLoader_0 (apiLoader) needs the address of an API in its url input", loadFailure(Map.of("url", "")));
        assertEquals("node apiLoader_0 (apiLoader) input method must be GET or POST, not PUT",
                loadFailure(Map.of("url", api.url("/otters"), "method", "PUT")));
        assertEquals("node apiLoader_0 (apiLoader) input headers must be a JSON object of header names and values",
                loadFailure(Map.of("url", api.url("/otters"), "headers", "[1]")));
        assertEquals("node apiLoader_0 (apiLoader) input headers: Host is not a header Flowstream can send",
                loadFailure(Map.of("url", api.url("/otters"), "headers", "{\"Host\": \"elsewhere\"}")));
        assertEquals("node apiLoader_0 (apiLoader) input body is not valid JSON",
                loadFailure(Map.of("url", api.url("/otters"), "method", "POST", "body", "{query")));
        assertEquals("node apiLoader_0 (apiLoader) uses caFile, which Flowstream does not support yet",
                loadFailure(Map.of("url", api.url("/otters"), "caFile", "data:text/plain;base64,eA==,filename:ca.pem")));
    }

    private String loadFailure(Map<String, Object> inputs) {
        return assertThrows(FlowLoadException.class, () -> load(inputs)).getMessage();
    }

    private ApiLoaderNode load(Map<String, Object> inputs) {
        return ApiLoaderNode.load(ProviderFixture.node("apiLoader_0", ApiLoaderNode.NAME, inputs), new LoaderWiring(runtime));
    }
}
