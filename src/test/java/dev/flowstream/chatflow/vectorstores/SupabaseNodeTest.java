package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.SupabaseStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The supabase node against a stub of Supabase's REST API with Flowise's match_documents function: upsert, search, filters, MMR, key, dimensions. */
class SupabaseNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();
    private static final String SEARCH = "POST /rest/v1/rpc/match_documents";

    @TempDir
    Path configDir;
    private final SupabaseStub supabase = SupabaseStub.start("sb-key")
            .table("documents", EmbeddingStub.DIMENSIONS, "match_documents", false)
            .table("wide", 1536, "match_wide", false)
            .table("pages", EmbeddingStub.DIMENSIONS, "match_pages", true);
    private final Map<String, String> environment = new HashMap<>(Map.of("SUPABASE_API_KEY", "sb-key"));
    private List<SourceDocument> documents = DOCUMENTS;
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        supabase.close();
    }

    @Test
    void an_upsert_inserts_each_document_s_content_embedding_and_metadata_with_the_key() throws Exception {
        UpsertResult result = load(Map.of()).upsert(Map.of());

        assertEquals(2, result.numAdded());
        assertEquals(List.of("POST /rest/v1/documents"), supabase.paths());
        assertEquals("sb-key", supabase.lastHeader("apikey").orElseThrow());
        assertEquals("Bearer sb-key", supabase.lastHeader("Authorization").orElseThrow());
        assertEquals("return=minimal", supabase.lastHeader("Prefer").orElseThrow());
        JsonNode row = supabase.rows("documents").get(1);
        assertEquals("Tesla makes cars.", row.path("content").asText());
        assertEquals("tesla", row.path("metadata").path("source").asText());
        assertEquals(EmbeddingStub.DIMENSIONS, row.path("embedding").size());
    }

    @Test
    void a_question_calls_the_search_function_with_the_vector_the_count_and_the_metadata_filter() throws Exception {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("supabaseMetadataFilter", "{\"source\": \"tesla\"}", "topK", "1"))
                .retrieve("Which company makes phones?");

        assertEquals(List.of(new SourceDocument("Tesla makes cars.", Map.of("source", "tesla"))), found);
        JsonNode call = supabase.lastBody();
        assertEquals(SEARCH, supabase.paths().get(supabase.paths().size() - 1));
        assertEquals(EmbeddingStub.DIMENSIONS, call.path("query_embedding").size());
        assertEquals(1, call.path("match_count").asInt());
        assertEquals("tesla", call.path("filter").path("source").asText());
        load(Map.of()).retrieve("phones");
        assertEquals("{}", supabase.lastBody().path("filter").toString(), "no filter is LangChain's empty one");
    }

    @Test
    void an_rpc_filter_replaces_the_metadata_filter_and_goes_as_postgrest_query_parameters() throws Exception {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("supabaseMetadataFilter", "{\"source\": \"apple\"}",
                "supabaseRPCFilter", "filter(\"metadata->>source\", \"eq\", \"tesla\")\n  .filter('metadata->>source', 'neq', 'x');"))
                .retrieve("Which company makes phones?");

        assertEquals("Tesla makes cars.", found.get(0).pageContent());
        assertEquals(1, found.size());
        assertEquals(SEARCH + "?metadata-%3E%3Esource=eq.tesla&metadata-%3E%3Esource=neq.x&limit=4",
                supabase.paths().get(supabase.paths().size() - 1));
        assertEquals(List.of("query_embedding"), List.copyOf(fieldNames(supabase.lastBody())));
    }

    @Test
    void mmr_keeps_the_closest_row_and_then_prefers_a_different_one_to_a_near_copy() throws Exception {
        documents = List.of(new SourceDocument("red apples grow on trees", Map.of()),
                new SourceDocument("red apples grow on tall trees", Map.of()),
                new SourceDocument("green pears ripen slowly", Map.of()));
        load(Map.of("tableName", "pages", "queryName", "match_pages")).upsert(Map.of());

        List<SourceDocument> similar = load(Map.of("tableName", "pages", "queryName", "match_pages", "topK", "2"))
                .retrieve("red apples on trees and green pears");
        List<SourceDocument> diverse = load(Map.of("tableName", "pages", "queryName", "match_pages", "topK", "2",
                "searchType", "mmr", "fetchK", "3", "lambda", "0.5")).retrieve("red apples on trees and green pears");

        assertEquals(List.of("red apples grow on trees", "red apples grow on tall trees"), texts(similar));
        assertEquals(List.of("red apples grow on trees", "green pears ripen slowly"), texts(diverse));
        assertEquals(3, supabase.lastBody().path("match_count").asInt(), "MMR asks for fetchK rows");
    }

    @Test
    void mmr_over_a_function_that_returns_no_embedding_fails_naming_the_function() throws Exception {
        load(Map.of()).upsert(Map.of());
        SupabaseNode store = load(Map.of("searchType", "mmr"));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> store.retrieve("phones"));

        assertEquals("node supabase_0 (supabase): function match_documents returns no embedding column, which searchType mmr "
                + "needs to compare the rows", failure.getMessage());
    }

    @Test
    void a_table_of_other_dimensions_fails_the_upsert_naming_the_table_and_both_lengths() {
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("tableName", "wide", "queryName", "match_wide")).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node supabase_0 (supabase): Supabase table wide holds vectors of 1536 dimensions, but the flow's "
                + "embeddings node gives 512", failure.getMessage());
    }

    @Test
    void a_wrong_key_is_the_provider_s_failure_naming_the_node() {
        environment.put("SUPABASE_API_KEY", "wrong");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).retrieve("phones"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node supabase_0 (supabase): Supabase answered HTTP 401 to POST /rest/v1/rpc/match_documents", failure.getMessage());
    }

    @Test
    void a_supabase_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        String down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + unused.getLocalPort();
        }
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("supabaseProjUrl", down)).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node supabase_0 (supabase) could not reach Supabase at 127.0.0.1 (ConnectException)", failure.getMessage());
    }

    @Test
    void blank_settings_load_and_fail_the_upsert_naming_the_input() {
        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("tableName", "")).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("node supabase_0 (supabase) needs the name of a table in its tableName input", failure.getMessage());
        assertEquals(List.of(), supabase.paths());
    }

    @Test
    void rpc_filters_that_are_not_plain_filter_calls_and_bad_names_fail_the_load_naming_the_input() {
        Map<String, String> problems = Map.of(
                "order(\"id\", { ascending: true })", "input supabaseRPCFilter may only chain filter(column, operator, value) calls, not order",
                "filter(\"a\", \"drop\", 1)", "input supabaseRPCFilter uses the operator drop, which PostgREST has not",
                "filter(\"a\", \"eq\")", "input supabaseRPCFilter has a filter call without its three arguments (column, operator, value)",
                "filter(\"a\", \"eq\", process.env)", "input supabaseRPCFilter has an argument that is not a quoted text, a number, true, false or null",
                "rm -rf", "input supabaseRPCFilter must be calls like filter(\"column\", \"eq\", value)");
        problems.forEach((filter, problem) -> assertEquals("node supabase_0 (supabase) " + problem,
                assertThrows(RuntimeException.class, () -> load(Map.of("supabaseRPCFilter", filter))).getMessage(), filter));
        assertEquals("node supabase_0 (supabase) input tableName must be a name of letters, digits and _, not docs;drop",
                assertThrows(RuntimeException.class, () -> load(Map.of("tableName", "docs;drop"))).getMessage());
        assertEquals("node supabase_0 (supabase) input searchType must be similarity or mmr, not fast",
                assertThrows(RuntimeException.class, () -> load(Map.of("searchType", "fast"))).getMessage());
    }

    private SupabaseNode load(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("supabaseProjUrl", supabase.url(), "tableName", "documents",
                "queryName", "match_documents"));
        all.putAll(inputs);
        if (runtime == null) runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        List<SourceDocument> loaded = documents;
        return SupabaseNode.load(ProviderFixture.node("supabase_0", SupabaseNode.NAME, all),
                new FixedWiring(runtime, overrides -> loaded, EMBEDDINGS));
    }

    private static List<String> texts(List<SourceDocument> documents) {
        return documents.stream().map(SourceDocument::pageContent).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
