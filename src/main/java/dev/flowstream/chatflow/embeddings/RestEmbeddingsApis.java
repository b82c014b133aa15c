package dev.flowstream.chatflow.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The REST embeddings providers of Flowise's catalogue, each as its documented API and the client
 * Flowise runs it through behave: the endpoint, where the key is found, the batch size, the body
 * and where the vectors are in the answer. Defaults are those clients' (models, batch sizes).
 * {@code basepath} (not an input of Flowise's nodes) points Cohere, Jina and Together at a gateway
 * or a test server; Voyage takes its credential's {@code endpoint}, Hugging Face its
 * {@code endpoint} input, as in Flowise. Stateless.
 */
final class RestEmbeddingsApis {

    static final String COHERE = "cohereEmbeddings";
    static final String VOYAGE = "voyageAIEmbeddings";
    static final String JINA = "jinaEmbeddings";
    static final String TOGETHER = "togetherAIEmbedding";
    static final String HUGGING_FACE = "huggingFaceInferenceEmbeddings";

    private RestEmbeddingsApis() {
    }

    static RestEmbeddingsNode load(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        return switch (node.name()) {
            case COHERE -> new RestEmbeddingsNode(node, runtime, "Cohere", cohere(in));
            case VOYAGE -> new RestEmbeddingsNode(node, runtime, "Voyage AI", voyage(node, runtime));
            case JINA -> new RestEmbeddingsNode(node, runtime, "Jina AI", jina(in));
            case TOGETHER -> new RestEmbeddingsNode(node, runtime, "Together AI", together(in));
            case HUGGING_FACE -> new RestEmbeddingsNode(node, runtime, "Hugging Face", huggingFace(node));
            default -> throw node.failure("is not a REST embeddings node");
        };
    }

    /**
     * Cohere's {@code /v1/embed}: documents as {@code search_document}, questions as
     * {@code search_query}, as LangChain's client sends them whatever the node's input type.
     */
    private static RestEmbeddingsNode.Api cohere(NodeInputs in) {
        String model = in.text("modelName").map(String::trim).orElse("embed-english-v2.0");
        URI endpoint = URI.create(base(in, "https://api.cohere.com") + "/v1/embed");
        return new RestEmbeddingsNode.Api(endpoint, new ApiKeys("cohereApiKey", "cohereApi", "COHERE_API_KEY"), true, 48,
                new RestEmbeddingsNode.Wire((texts, query) -> Map.of("model", model, "texts", texts,
                        "input_type", query ? "search_query" : "search_document", "embedding_types", List.of("float")),
                        answer -> answer.path("embeddings").isArray() ? answer.path("embeddings") : answer.path("embeddings").path("float")));
    }

    private static RestEmbeddingsNode.Api voyage(ExportNode node, FlowRuntime runtime) {
        String model = node.inputs().text("modelName").map(String::trim).orElse("voyage-2");
        Optional<String> endpoint = ApiKeys.chosenCredential(node).flatMap(id -> runtime.credential(id, "endpoint"))
                .or(() -> runtime.credential("voyageAIApi", "endpoint"));
        URI uri = URI.create(endpoint.map(String::trim).orElse("https://api.voyageai.com/v1/embeddings"));
        return new RestEmbeddingsNode.Api(uri, new ApiKeys("apiKey", "voyageAIApi", "VOYAGEAI_API_KEY"), true, 8,
                new RestEmbeddingsNode.Wire((texts, query) -> Map.of("input", texts, "model", model), RestEmbeddingsApis::openAiShaped));
    }

    private static RestEmbeddingsNode.Api jina(NodeInputs in) {
        String model = in.text("modelName").map(String::trim).orElse("jina-embeddings-v3");
        Optional<Integer> dimensions = in.integer("modelDimensions").filter(d -> d > 0);
        boolean lateChunking = in.flag("allowLateChunking", false);
        URI endpoint = URI.create(base(in, "https://api.jina.ai") + "/v1/embeddings");
        return new RestEmbeddingsNode.Api(endpoint, new ApiKeys("jinaAIAPIKey", "jinaAIApi", "JINA_API_KEY"), true, 512,
                new RestEmbeddingsNode.Wire((texts, query) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("model", model);
                    body.put("input", texts);
                    dimensions.ifPresent(d -> body.put("dimensions", d));
                    if (lateChunking) body.put("late_chunking", true);
                    return body;
                }, RestEmbeddingsApis::openAiShaped));
    }

    private static RestEmbeddingsNode.Api together(NodeInputs in) {
        String model = in.text("modelName").map(String::trim).orElse("togethercomputer/m2-bert-80M-8k-retrieval");
        URI endpoint = URI.create(base(in, "https://api.together.xyz") + "/v1/embeddings");
        return new RestEmbeddingsNode.Api(endpoint, new ApiKeys("togetherAIApiKey", "togetherAIApi", "TOGETHER_AI_API_KEY"),
                true, 512, new RestEmbeddingsNode.Wire((texts, query) -> Map.of("model", model, "input", texts), RestEmbeddingsApis::openAiShaped));
    }

    /**
     * Feature extraction on Hugging Face's inference router, or on the node's {@code endpoint} (an
     * Inference Endpoint or a self-hosted server, which may need no key). Newlines become spaces, as
     * Flowise's client sends them.
     */
    private static RestEmbeddingsNode.Api huggingFace(ExportNode node) {
        NodeInputs in = node.inputs();
        Optional<String> endpoint = in.text("endpoint").map(String::trim);
        String model = in.text("modelName").map(String::trim).orElse("sentence-transformers/distilbert-base-nli-mean-tokens");
        URI uri = URI.create(endpoint.orElse("https://router.huggingface.co/hf-inference/models/" + model
                + "/pipeline/feature-extraction"));
        return new RestEmbeddingsNode.Api(uri, new ApiKeys("huggingFaceApiKey", "huggingFaceApi", "HUGGINGFACEHUB_API_KEY"),
                endpoint.isEmpty(), 64, new RestEmbeddingsNode.Wire((texts, query) -> Map.of("inputs",
                        texts.stream().map(text -> text.replace('\n', ' ')).toList()), answer -> answer));
    }

    /** OpenAI's answer shape: {@code data[].embedding}, put in the order of {@code index}. */
    private static JsonNode openAiShaped(JsonNode answer) {
        List<JsonNode> items = StreamSupport.stream(answer.path("data").spliterator(), false)
                .sorted(Comparator.comparingInt(item -> item.path("index").asInt())).toList();
        ArrayNode vectors = JsonNodeFactory.instance.arrayNode();
        items.forEach(item -> vectors.add(item.path("embedding")));
        return vectors;
    }

    private static String base(NodeInputs in, String fallback) {
        return in.text("basepath").map(String::trim).map(url -> url.replaceAll("/+$", "")).orElse(fallback);
    }
}
