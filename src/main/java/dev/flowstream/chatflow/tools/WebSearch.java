package dev.flowstream.chatflow.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the web search tools share: where the vendor's API is (its public address, or the one an
 * environment variable names, for a gateway or a test server), the credential fields it needs
 * (looked up at call time, so a flow without them loads and only the search fails), and a blocking
 * call made on the runtime's workers.
 *
 * <p>Threading: immutable; safe to call concurrently.
 */
final class WebSearch {

    /** The answer the LangChain tools give when a search finds nothing they can use. */
    static final String NOTHING_FOUND = "No good search result found";

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final VendorApi api;
    private final String origin;
    private final Executor workers;

    private WebSearch(ExportNode node, FlowRuntime runtime, String vendor, String origin) {
        this.node = node;
        this.runtime = runtime;
        this.api = VendorApi.of(node, vendor, runtime);
        this.origin = origin.trim().replaceAll("/+$", "");
        this.workers = runtime.workers();
    }

    /** @param baseUrlVariable the environment variable that replaces {@code defaultOrigin} */
    static WebSearch of(ExportNode node, FlowRuntime runtime, String vendor, String defaultOrigin, String baseUrlVariable) {
        return new WebSearch(node, runtime, vendor, runtime.env(baseUrlVariable).orElse(defaultOrigin));
    }

    /** The tool as a model sees it: a name, a description and one string argument, the query. */
    static ToolSpecification specification(String name, String description) {
        return ToolSpecification.builder().name(name).description(description)
                .parameters(JsonObjectSchema.builder().addStringProperty("input", "the search query").required("input").build())
                .build();
    }

    /** A credential field, or a failure naming the node and where to set it. */
    String key(ApiKeys keys) {
        return keys.find(node, runtime).orElseThrow(() -> new ChatflowException(Kind.CONFIGURATION,
                node.name() + " node " + node.id() + " has no " + keys.input() + ": set it in the " + keys.credential()
                        + " credential or " + keys.envVar()));
    }

    URI uri(String path, Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
        return URI.create(origin + path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    /** Runs {@code search} on a worker (the HTTP call blocks) and turns its answer into the tool's text. */
    CompletionStage<String> run(Function<VendorApi, JsonNode> search, Function<JsonNode, String> text) {
        return CompletableFuture.supplyAsync(() -> text.apply(search.apply(api)), workers);
    }
}
