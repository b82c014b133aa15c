package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A local embedding server for tests, speaking each provider's documented API: OpenAI's
 * {@code POST /v1/embeddings} (which Mistral, Voyage, Jina and Together AI share), Azure OpenAI's
 * {@code POST /openai/deployments/{deployment}/embeddings}, Ollama's {@code POST /api/embed},
 * Cohere's {@code POST /v1/embed}, Hugging Face's feature extraction
 * ({@code POST /hf-inference/models/{model}/pipeline/feature-extraction}) and Gemini's
 * {@code POST /v1beta/models/{model}:batchEmbedContents} and {@code :embedContent}. Vectors are
 * deterministic bags of words: each lower-cased word (letters and digits) is hashed into one of
 * {@link #DIMENSIONS} buckets and the counts are normalised, so a question sharing words with a
 * passage is closer to it than to a passage sharing none.
 *
 * <p>Threading: requests are served on pooled threads; {@link #requests} is safe from any thread;
 * {@link #close} is idempotent.
 */
public final class EmbeddingStub implements AutoCloseable {

    public static final int DIMENSIONS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One embedding request: the path it was sent to, its model and the texts to embed. */
    public record Request(String path, String model, List<String> inputs) {
    }

    private final StubServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile com.sun.net.httpserver.Headers lastHeaders = new com.sun.net.httpserver.Headers();
    private volatile JsonNode lastBody = JSON.createObjectNode();
    private volatile String lastQuery;

    private EmbeddingStub(StubServer server) {
        this.server = server;
    }

    public static EmbeddingStub start() {
        EmbeddingStub stub = new EmbeddingStub(StubServer.bind("embedding stub", 0, 64, n -> "embedding-stub"));
        stub.server.context("/v1/embeddings", exchange -> stub.serve(exchange, "input", EmbeddingStub::openAi))
                .context("/openai/deployments/", exchange -> stub.serve(exchange, "input", EmbeddingStub::openAi))
                .context("/api/embed", exchange -> stub.serve(exchange, "input", EmbeddingStub::ollama))
                .context("/v1/embed", exchange -> stub.serve(exchange, "texts", EmbeddingStub::cohere))
                .context("/hf-inference/models/", exchange -> stub.serve(exchange, "inputs", EmbeddingStub::huggingFace))
                .context("/v1beta/models/", exchange -> stub.serve(exchange, "requests", EmbeddingStub::gemini))
                .start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT/v1}: an openAIEmbeddings node's {@code basepath}. */
    public String openAiBaseUrl() {
        return ollamaBaseUrl() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT}: an ollamaEmbedding node's {@code baseUrl}. */
    public String ollamaBaseUrl() {
        return server.origin();
    }

    /** The JSON body of the last request, for the fields a provider adds (Cohere's {@code input_type}, ...). */
    public JsonNode lastBody() {
        return lastBody;
    }

    /** The query string of the last request, if it had one (Gemini's key, Azure's {@code api-version}). */
    public java.util.Optional<String> lastQuery() {
        return java.util.Optional.ofNullable(lastQuery);
    }

    /** A header of the last request, e.g. {@code Authorization}. */
    public java.util.Optional<String> lastHeader(String name) {
        return java.util.Optional.ofNullable(lastHeaders.getFirst(name));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The stub's vector for {@code text}, to compare with in tests. */
    public static float[] vector(String text) {
        float[] vector = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1f;
        }
        double norm = 0;
        for (float value : vector) norm += value * value;
        if (norm == 0) {
            vector[0] = 1f;
            return vector;
        }
        for (int i = 0; i < vector.length; i++) vector[i] /= (float) Math.sqrt(norm);
        return vector;
    }

    @Override
    public void close() {
        server.close();
    }

    /** Serves one request whose texts are under {@code field} (Gemini's: each request's content's text). */
    private void serve(HttpExchange exchange, String field, BiFunction<String, List<String>, JsonNode> answer) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            List<String> inputs = new ArrayList<>();
            JsonNode input = body.has("content") ? JSON.createArrayNode().add(body) : body.path(field);
            for (JsonNode text : input.isArray() ? input : JSON.createArrayNode().add(input)) {
                inputs.add(text.has("content") ? text.path("content").path("parts").path(0).path("text").asText() : text.asText());
            }
            String path = exchange.getRequestURI().getPath();
            String model = body.path("model").asText(path.startsWith("/hf-inference/models/")
                    ? path.substring("/hf-inference/models/".length(), path.indexOf("/pipeline/")) : "");
            lastHeaders = exchange.getRequestHeaders();
            lastBody = body;
            lastQuery = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(path, model, List.copyOf(inputs)));
            byte[] bytes = JSON.writeValueAsBytes(answer.apply(path, inputs));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static ObjectNode openAi(String path, List<String> inputs) {
        ObjectNode body = JSON.createObjectNode().put("object", "list").put("model", "stub");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            addVector(item.putArray("embedding"), inputs.get(i));
        }
        int tokens = inputs.stream().mapToInt(text -> text.split("\\s+").length).sum();
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    private static ObjectNode ollama(String path, List<String> inputs) {
        ObjectNode body = JSON.createObjectNode().put("model", "stub");
        ArrayNode embeddings = body.putArray("embeddings");
        inputs.forEach(text -> addVector(embeddings.addArray(), text));
        return body;
    }

    /** Cohere's answer when {@code embedding_types} asks for floats. */
    private static ObjectNode cohere(String path, List<String> inputs) {
        ObjectNode body = JSON.createObjectNode().put("id", "stub").put("response_type", "embeddings_by_type");
        ArrayNode floats = body.putObject("embeddings").putArray("float");
        inputs.forEach(text -> addVector(floats.addArray(), text));
        return body;
    }

    /** Feature extraction answers with the bare vectors. */
    private static ArrayNode huggingFace(String path, List<String> inputs) {
        ArrayNode vectors = JSON.createArrayNode();
        inputs.forEach(text -> addVector(vectors.addArray(), text));
        return vectors;
    }

    private static ObjectNode gemini(String path, List<String> inputs) {
        ObjectNode body = JSON.createObjectNode();
        if (path.endsWith(":embedContent")) {
            addVector(body.putObject("embedding").putArray("values"), inputs.get(0));
        } else {
            ArrayNode embeddings = body.putArray("embeddings");
            inputs.forEach(text -> addVector(embeddings.addObject().putArray("values"), text));
        }
        return body;
    }

    private static void addVector(ArrayNode array, String text) {
        for (float value : vector(text)) array.add(value);
    }
}
