package dev.flowstream.chatflow.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.ToolArguments;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code googleCustomSearch} tool (LangChain's {@code GoogleCustomSearch}, named
 * {@code google-custom-search}): Google's Custom Search JSON API, {@code GET /customsearch/v1} with
 * {@code key} and {@code cx} ({@code googleCustomSearchApiKey} and {@code googleCustomSearchApiId}
 * of the {@code googleCustomSearchApi} credential, else {@code GOOGLE_API_KEY} and
 * {@code GOOGLE_CSE_ID}); the answer is a JSON array of the items' {@code title}, {@code link} and
 * {@code snippet} ({@code []} when none). {@code GOOGLE_CUSTOM_SEARCH_BASE_URL} replaces
 * {@code https://www.googleapis.com}.
 *
 * <p>Threading: immutable; safe to call concurrently.
 */
final class GoogleCustomSearchTool extends SpecifiedTool {

    static final String NAME = "googleCustomSearch";
    private static final ApiKeys KEY = new ApiKeys("googleCustomSearchApiKey", "googleCustomSearchApi", "GOOGLE_API_KEY");
    private static final ApiKeys ENGINE = new ApiKeys("googleCustomSearchApiId", "googleCustomSearchApi", "GOOGLE_CSE_ID");

    private final WebSearch search;

    private GoogleCustomSearchTool(WebSearch search) {
        super(WebSearch.specification("google-custom-search", "A custom search engine, useful for questions about "
                + "current events. The input should be a search query; the output is a JSON array of results."));
        this.search = search;
    }

    static GoogleCustomSearchTool load(ExportNode node, Wiring wiring) {
        return new GoogleCustomSearchTool(WebSearch.of(node, wiring.runtime(), "Google Custom Search",
                "https://www.googleapis.com", "GOOGLE_CUSTOM_SEARCH_BASE_URL"));
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        String query = ToolArguments.input(arguments);
        return search.run(api -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("key", search.key(KEY));
            parameters.put("cx", search.key(ENGINE));
            parameters.put("q", query);
            return api.get(search.uri("/customsearch/v1", parameters), Map.of());
        }, GoogleCustomSearchTool::text);
    }

    static String text(JsonNode answer) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : answer.path("items")) {
            ObjectNode result = results.addObject();
            // as JSON.stringify does, a field the item lacks is left out rather than written as null
            for (String field : new String[] {"title", "link", "snippet"}) {
                if (item.path(field).isValueNode()) result.set(field, item.path(field));
            }
        }
        return results.toString();
    }
}
