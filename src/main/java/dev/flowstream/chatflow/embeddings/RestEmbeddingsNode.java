package dev.flowstream.chatflow.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * An embeddings node whose provider Flowstream calls over its documented REST API (Cohere, Voyage
 * AI, Jina AI, Together AI, Hugging Face; {@link RestEmbeddingsApis} knows each one's wire format):
 * the texts go in batches of the provider's size, one request each, and every vector must come back.
 * The key is looked up when texts are embedded, so a flow without one loads and only its upserts and
 * questions fail, saying where the key goes.
 *
 * <p>Threading: immutable and thread-safe; {@link #embed} blocks on HTTP.
 */
final class RestEmbeddingsNode implements Embedder {

    /**
     * One provider's API as this node calls it.
     *
     * @param endpoint  where texts are posted
     * @param keys      where the key is found
     * @param keyNeeded false where a self-hosted endpoint may run without one
     * @param batchSize the most texts one request carries
     * @param wire      the request body for a batch and the vectors in the answer
     */
    record Api(URI endpoint, ApiKeys keys, boolean keyNeeded, int batchSize, Wire wire) {
    }

    /**
     * A provider's request and answer format.
     *
     * @param body    the body that embeds the texts; the flag tells a question from documents
     * @param vectors the answer's vectors, in the order of the texts (an array of arrays)
     */
    record Wire(BiFunction<List<String>, Boolean, Object> body, UnaryOperator<JsonNode> vectors) {
    }

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Api api;
    private final VendorApi http;

    RestEmbeddingsNode(ExportNode node, FlowRuntime runtime, String vendor, Api api) {
        this.node = node;
        this.runtime = runtime;
        this.api = api;
        this.http = VendorApi.of(node, vendor, runtime);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return embed(texts, false);
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(List.of(query), true).get(0);
    }

    @Override
    public String describe() {
        return "embeddings node " + node.id() + " (" + node.name() + ")";
    }

    private List<float[]> embed(List<String> texts, boolean query) {
        if (texts.isEmpty()) return List.of();
        Optional<String> key = api.keyNeeded() ? Optional.of(api.keys().require(node, runtime)) : api.keys().find(node, runtime);
        Map<String, String> headers = key.map(k -> Map.of("Authorization", "Bearer " + k)).orElse(Map.of());
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += api.batchSize()) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + api.batchSize()));
            JsonNode answer = http.post(api.endpoint(), headers, api.wire().body().apply(batch, query));
            JsonNode found = api.wire().vectors().apply(answer);
            if (!found.isArray() || found.size() != batch.size()) {
                throw wrongAnswer("answered with " + (found.isArray() ? found.size() : 0) + " vectors for " + batch.size() + " texts");
            }
            for (JsonNode vector : found) vectors.add(floats(vector));
        }
        return vectors;
    }

    private float[] floats(JsonNode vector) {
        if (!vector.isArray() || vector.isEmpty() || !vector.get(0).isNumber()) {
            throw wrongAnswer("answered with something that is not a vector of numbers");
        }
        float[] values = new float[vector.size()];
        for (int i = 0; i < values.length; i++) values[i] = (float) vector.get(i).asDouble();
        return values;
    }

    private ChatflowException wrongAnswer(String what) {
        return new ChatflowException(Kind.PROVIDER, describe() + " " + what);
    }
}
