package dev.flowstream.chatflow.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.ToolArguments;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * Flowise's {@code serper} tool (LangChain's {@code Serper}, named {@code search}): the query goes to
 * Serper's {@code POST /search} with the key in {@code X-API-KEY} ({@code serperApiKey} of the
 * {@code serperApi} credential, else {@code SERPER_API_KEY}); the answer is the first of the answer
 * box's answer, snippet or first highlighted words, the sports spotlight, the knowledge graph's
 * description and the first organic snippet, else {@value WebSearch#NOTHING_FOUND}.
 * {@code SERPER_BASE_URL} replaces {@code https://google.serper.dev}.
 *
 * <p>Threading: immutable; safe to call concurrently.
 */
final class SerperTool extends SpecifiedTool {

    static final String NAME = "serper";
    private static final ApiKeys KEYS = new ApiKeys("serperApiKey", "serperApi", "SERPER_API_KEY");

    private final WebSearch search;

    private SerperTool(WebSearch search) {
        super(WebSearch.specification("search", "A search engine, useful for questions about current events. "
                + "The input should be a search query."));
        this.search = search;
    }

    static SerperTool load(ExportNode node, Wiring wiring) {
        return new SerperTool(WebSearch.of(node, wiring.runtime(), "Serper", "https://google.serper.dev", "SERPER_BASE_URL"));
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        String query = ToolArguments.input(arguments);
        return search.run(api -> api.post(search.uri("/search", Map.of()), Map.of("X-API-KEY", search.key(KEYS)),
                Map.of("q", query)), SerperTool::text);
    }

    static String text(JsonNode answer) {
        JsonNode box = answer.path("answerBox");
        return Stream.of(box.path("answer"), box.path("snippet"), box.path("snippet_highlighted_words").path(0),
                        answer.path("sportsResults").path("game_spotlight"), answer.path("knowledgeGraph").path("description"),
                        answer.path("organic").path(0).path("snippet"))
                .filter(value -> value.isValueNode() && !value.asText().isEmpty()).map(JsonNode::asText)
                .findFirst().orElse(WebSearch.NOTHING_FOUND);
    }
}
