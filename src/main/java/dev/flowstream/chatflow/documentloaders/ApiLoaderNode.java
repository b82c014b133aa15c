package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code apiLoader}: one document holding what {@code url} answers to a GET, or to a
 * POST of {@code body} (a JSON object; {@code {}} when unset), with the {@code headers} given (a
 * JSON object), as LangChain's {@code ApiLoader} makes it: the answer written as indented JSON
 * ({@link JsJson}), {@code metadata.url} the address. An answer other than 2xx fails the upsert, as
 * axios rejects it. The request is sent when documents are asked for, never while the flow loads,
 * through the web loaders' {@link WebFetcher} (http and https only, bounded size and time).
 * Address, method, headers and body are the flow file's alone: an upsert's overrides may replace
 * {@code metadata} and {@code omitMetadataKeys} only.
 *
 * <p>Threading: immutable after load; {@link #documents} blocks on the network.
 */
final class ApiLoaderNode implements DocumentLoader {

    static final String NAME = "apiLoader";
    private static final Set<String> OVERRIDABLE = Set.of("metadata", "omitMetadataKeys");

    private final ExportNode node;
    private final URI url;
    private final WebFetcher.Call call;
    private final Optional<TextSplitter> splitter;
    private final WebFetcher fetcher;

    private ApiLoaderNode(ExportNode node, Wiring wiring) {
        NodeInputs in = node.inputs();
        node.refuseIfSet("caFile");
        this.node = node;
        this.url = address(node, in.text("url").map(String::trim)
                .orElseThrow(() -> node.failure("needs the address of an API in its url input")));
        String method = in.text("method").map(String::trim).orElse("GET");
        if (!method.equals("GET") && !method.equals("POST")) throw node.failure("input method must be GET or POST, not " + method);
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Accept", "application/json, text/plain, */*"));
        headers.putAll(headers(node));
        if (method.equals("POST")) headers.putIfAbsent("Content-Type", "application/json");
        this.call = new WebFetcher.Call(method, headers, method.equals("POST") ? Optional.of(body(node)) : Optional.empty());
        LoaderOutput.inputMetadata(node, MetadataRule.INPUT_WINS); // a bad value fails the load, not a later upsert
        this.splitter = wiring.optional(node, "textSplitter", Role.TEXT_SPLITTER);
        this.fetcher = new WebFetcher(node, wiring.runtime());
    }

    static ApiLoaderNode load(ExportNode node, Wiring wiring) {
        return new ApiLoaderNode(node, wiring);
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        WebPage answer = fetcher.send(url, call);
        if (answer.status() < 200 || answer.status() > 299) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, fetcher.who() + ": " + url + " answered HTTP "
                    + answer.status());
        }
        SourceDocument document = new SourceDocument(JsJson.of(answer.text()), Map.of("url", url.toString()));
        return LoaderOutput.finish(current, List.of(document), splitter, MetadataRule.INPUT_WINS);
    }

    /** The {@code headers} input: a JSON object of names and values the JDK client may send. */
    private static Map<String, String> headers(ExportNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        Optional<JsonNode> given = node.inputs().json("headers");
        if (given.isEmpty()) return headers;
        if (!given.get().isObject()) throw node.failure("input headers must be a JSON object of header names and values");
        given.get().properties().forEach(header -> {
            String value = header.getValue().isValueNode() ? header.getValue().asText() : header.getValue().toString();
            try {
                HttpRequest.newBuilder(URI.create("http://localhost/")).setHeader(header.getKey(), value);
            } catch (IllegalArgumentException e) {
                throw node.failure("input headers: " + header.getKey() + " is not a header Flowstream can send");
            }
            headers.put(header.getKey(), value);
        });
        return headers;
    }

    private static byte[] body(ExportNode node) {
        Optional<JsonNode> given = node.inputs().json("body");
        if (given.isEmpty()) return "{}".getBytes(StandardCharsets.UTF_8);
        if (!given.get().isContainerNode()) throw node.failure("input body must be a JSON object or list");
        try {
            return Json.writer().writeValueAsBytes(given.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    private static URI address(ExportNode node, String given) {
        String problem = "input url must be an http or https address like https://example.com/api, not " + given;
        try {
            URI uri = new URI(given);
            if (!WebFetcher.fetchable(uri)) throw node.failure(problem);
            return uri;
        } catch (URISyntaxException e) {
            throw node.failure(problem);
        }
    }
}
