package dev.flowstream.chatflow.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConnectedWiring;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.AgentTool;
import dev.flowstream.chatflow.node.Credentials;
import dev.flowstream.testing.WebSearchStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serpAPI, serper and googleCustomSearch against a local server speaking the three vendors' APIs. */
class WebSearchToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "{\"input\":\"java release cadence\"}";

    @TempDir
    Path configDir;
    private final WebSearchStub stub = WebSearchStub.start("search-key", "engine-1")
            .page("Java release cadence", "https://example.org/cadence", "Java ships a feature release every six months.")
            .page("Coffee", "https://example.org/coffee", "Beans and water.")
            .answer("capital of france", "Paris");
    private ProviderFixture fixture;

    @BeforeEach
    void environment() {
        fixture = new ProviderFixture(configDir).env("SERPAPI_BASE_URL", stub.url()).env("SERPER_BASE_URL", stub.url())
                .env("GOOGLE_CUSTOM_SEARCH_BASE_URL", stub.url());
    }

    @AfterEach
    void stop() {
        fixture.close();
        stub.close();
    }

    @Test
    void serp_api_sends_the_query_and_key_and_answers_with_the_first_organic_snippet() throws Exception {
        fixture.env("SERPAPI_API_KEY", "search-key");
        AgentTool tool = serpApi();

        assertEquals("search", tool.name());
        assertEquals("[\"Java ships a feature release every six months.\"]", call(tool, QUERY));
        assertEquals("/search.json", stub.lastUri().orElseThrow().getPath());
        assertEquals("q=java release cadence&api_key=search-key", stub.lastUri().orElseThrow().getQuery());
        assertEquals("Paris", call(tool, "{\"input\":\"capital of France\"}"));
        assertEquals("No good search result found", call(tool, "{\"input\":\"zzzz\"}"));
    }

    @Test
    void serp_api_reads_its_key_from_the_serp_api_credential() throws Exception {
        Files.writeString(configDir.resolve(Credentials.FILE), "{\"serpApi\": {\"serpApiKey\": \"search-key\"}}");

        assertEquals("Paris", call(serpApi(), "capital of france"));
    }

    @Test
    void serp_api_answers_in_lang_chains_order_of_answer_box_lists_and_knowledge_graph() throws Exception {
        assertEquals("42", SerpApiTool.text(JSON.readTree("{\"answer_box\":{\"result\":\"42\",\"answer\":\"no\"}}")));
        assertEquals("a,b", SerpApiTool.text(JSON.readTree("{\"answer_box\":{\"snippet_highlighted_words\":[\"a\",\"b\"]}}")));
        assertEquals("{\"title\":\"T\",\"temp\":21}", SerpApiTool.text(JSON.readTree(
                "{\"answer_box\":{\"title\":\"T\",\"temp\":21,\"link\":\"https://x\",\"list\":[1]}}")));
        assertEquals("[{\"title\":\"News\"}]", SerpApiTool.text(JSON.readTree(
                "{\"news_results\":[{\"title\":\"News\"}],\"organic_results\":[{\"snippet\":\"s\"}]}")));
        assertEquals("[\"A language.\",\"s\"]", SerpApiTool.text(JSON.readTree(
                "{\"knowledge_graph\":{\"description\":\"A language.\"},\"organic_results\":[{\"snippet\":\"s\"}]}")));
        assertEquals("SerpApi: Invalid query", assertThrows(IllegalStateException.class,
                () -> SerpApiTool.text(JSON.readTree("{\"error\":\"Invalid query\"}"))).getMessage());
    }

    @Test
    void serper_posts_the_query_with_its_key_header_and_answers_with_the_answer_box_first() throws Exception {
        fixture.env("SERPER_API_KEY", "search-key");
        AgentTool tool = SerperTool.load(ProviderFixture.node("serper_0", SerperTool.NAME, Map.of()), wiring());

        assertEquals("Java ships a feature release every six months.", call(tool, QUERY));
        assertEquals("search-key", stub.lastHeader("X-API-KEY").orElseThrow());
        assertEquals("java release cadence", JSON.readTree(stub.lastBody().orElseThrow()).path("q").asText());
        assertEquals("Paris", call(tool, "{\"input\":\"capital of France java\"}"));
        assertEquals("No good search result found", call(tool, "{\"input\":\"zzzz\"}"));
    }

    @Test
    void google_custom_search_sends_key_engine_and_query_and_answers_the_results_as_json() throws Exception {
        Files.writeString(configDir.resolve(Credentials.FILE), "{\"googleCustomSearchApi\": "
                + "{\"googleCustomSearchApiKey\": \"search-key\", \"googleCustomSearchApiId\": \"engine-1\"}}");
        AgentTool tool = google();

        assertEquals("google-custom-search", tool.name());
        JsonNode results = JSON.readTree(call(tool, QUERY));
        assertEquals(JSON.readTree("[{\"title\":\"Java release cadence\",\"link\":\"https://example.org/cadence\","
                + "\"snippet\":\"Java ships a feature release every six months.\"}]"), results);
        assertEquals("key=search-key&cx=engine-1&q=java release cadence", stub.lastUri().orElseThrow().getQuery());
        assertEquals("[]", call(tool, "{\"input\":\"zzzz\"}"));
    }

    @Test
    void a_refused_key_is_the_providers_failure_naming_the_node() {
        fixture.env("GOOGLE_API_KEY", "wrong").env("GOOGLE_CSE_ID", "engine-1");

        ChatflowException failure = failure(google(), QUERY);

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().contains("googleCustomSearch_0"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Google Custom Search"), failure.getMessage());
    }

    @Test
    void a_missing_key_says_which_credential_or_variable_to_set_without_calling_the_vendor() {
        ChatflowException failure = failure(serpApi(), QUERY);

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("serpAPI node serpAPI_0 has no serpApiKey: set it in the serpApi credential or SERPAPI_API_KEY",
                failure.getMessage());
        assertEquals(0, stub.requests());
    }

    private AgentTool serpApi() {
        return SerpApiTool.load(ProviderFixture.node("serpAPI_0", SerpApiTool.NAME, Map.of()), wiring());
    }

    private AgentTool google() {
        return GoogleCustomSearchTool.load(ProviderFixture.node("googleCustomSearch_0", GoogleCustomSearchTool.NAME, Map.of()), wiring());
    }

    private ConnectedWiring wiring() {
        return new ConnectedWiring(fixture.runtime(), Map.of());
    }

    private static String call(AgentTool tool, String arguments) throws Exception {
        return tool.call(arguments, FlowRequest.of("q")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ChatflowException failure(AgentTool tool, String arguments) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> tool.call(arguments, FlowRequest.of("q")).toCompletableFuture().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(ChatflowException.class, thrown.getCause());
    }
}
