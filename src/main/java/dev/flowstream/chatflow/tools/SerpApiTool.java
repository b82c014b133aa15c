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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code serpAPI} tool (LangChain's {@code SerpAPI}, named {@code search}): SerpApi's
 * {@code GET /search.json} with {@code q} and {@code api_key} ({@code serpApiKey} of the
 * {@code serpApi} credential, else {@code SERPAPI_API_KEY}). The answer, in LangChain's order: the
 * answer box's result, answer, snippet or highlighted words (else its plain fields as JSON); else
 * the first of the events, sports, top stories, news, jobs and questions lists as JSON; else the
 * knowledge graph's description and the first organic snippet (or link) as a JSON array; else
 * {@value WebSearch#NOTHING_FOUND}. An {@code error} in the answer fails the call.
 * {@code SERPAPI_BASE_URL} replaces {@code https://serpapi.com}.
 *
 * <p>Threading: immutable; safe to call concurrently.
 */
final class SerpApiTool extends SpecifiedTool {

    static final String NAME = "serpAPI";
    private static final ApiKeys KEY = new ApiKeys("serpApiKey", "serpApi", "SERPAPI_API_KEY");
    private static final List<String> LISTS = List.of("events_results", "sports_results", "top_stories", "news_results",
            "jobs_results/jobs", "questions_and_answers");

    private final WebSearch search;

    private SerpApiTool(WebSearch search) {
        super(WebSearch.specification("search", "A search engine, useful for questions about current events. "
                + "The input should be a search query."));
        this.search = search;
    }

    static SerpApiTool load(ExportNode node, Wiring wiring) {
        return new SerpApiTool(WebSearch.of(node, wiring.runtime(), "SerpApi", "https://serpapi.com", "SERPAPI_BASE_URL"));
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        String query = ToolArguments.input(arguments);
        return search.run(api -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("q", query);
            parameters.put("api_key", search.key(KEY));
            return api.get(search.uri("/search.json", parameters), Map.of());
        }, SerpApiTool::text);
    }

    static String text(JsonNode answer) {
        if (answer.path("error").isTextual()) throw new IllegalStateException("SerpApi: " + answer.path("error").asText());
        JsonNode box = answer.path("answer_box_list").path(0).isObject() ? answer.path("answer_box_list").path(0) : answer.path("answer_box");
        if (box.isObject()) return boxText(box);
        for (String list : LISTS) {
            JsonNode found = answer.at("/" + list);
            if (!found.isMissingNode() && !found.isNull()) return found.toString();
        }
        ArrayNode snippets = JsonNodeFactory.instance.arrayNode();
        JsonNode graph = answer.path("knowledge_graph");
        if (graph.path("description").isTextual()) snippets.add(graph.path("description").asText());
        firstOrganic(answer.path("organic_results").path(0)).ifPresent(snippets::add);
        return snippets.isEmpty() ? WebSearch.NOTHING_FOUND : snippets.toString();
    }

    private static String boxText(JsonNode box) {
        for (String field : new String[] {"result", "answer", "snippet"}) {
            if (box.path(field).isValueNode()) return box.path(field).asText();
        }
        JsonNode words = box.path("snippet_highlighted_words");
        if (words.isArray()) {
            // JavaScript's Array.toString: the words joined by commas
            StringBuilder joined = new StringBuilder();
            words.forEach(word -> joined.append(joined.isEmpty() ? "" : ",").append(word.asText()));
            return joined.toString();
        }
        ObjectNode plain = JsonNodeFactory.instance.objectNode();
        box.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !(value.isTextual() && value.asText().startsWith("http"))) plain.set(field.getKey(), value);
        });
        return plain.toString();
    }

    private static Optional<JsonNode> firstOrganic(JsonNode result) {
        for (String field : new String[] {"snippet", "snippet_highlighted_words", "rich_snippet", "rich_snippet_table", "link"}) {
            if (!result.path(field).isMissingNode() && !result.path(field).isNull()) return Optional.of(result.path(field));
        }
        return Optional.empty();
    }
}
