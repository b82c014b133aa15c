package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.BaseOptions;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ModelHttpClients;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Flowise's {@code openAIEmbeddings} (inputs {@code modelName}, default
 * {@code text-embedding-ada-002}, {@code basepath}, the key as for {@code chatOpenAI}: the
 * {@code openAIApiKey} input, the {@code openAIApi} credential, {@code OPENAI_API_KEY}; none needed
 * with a {@code basepath}) and {@code ollamaEmbedding} (inputs {@code baseUrl}, default
 * {@code http://localhost:11434}, {@code modelName}, default {@code llama2}). The OpenAI nodes take
 * a {@code timeout} in milliseconds (else {@code flowstream.model.timeout.ms}).
 * {@code openAIEmbedding_LlamaIndex} is OpenAI's for Flowise's LlamaIndex nodes: the same inputs
 * but {@code dimensions} and {@code baseOptions}, and ten texts per request, as LlamaIndex sends them.
 * A missing key fails the embedding that needs it, not the load.
 *
 * <p>Threading: immutable; the LangChain4j models are thread-safe; {@link #embed} blocks on HTTP.
 */
final class EmbeddingsNode implements Embedder {

    static final String OPENAI = "openAIEmbeddings";
    static final String OLLAMA = "ollamaEmbedding";
    static final String OPENAI_CUSTOM = "openAIEmbeddingsCustom";
    static final String LOCAL_AI = "localAIEmbeddings";
    static final String LLAMA_INDEX = "openAIEmbedding_LlamaIndex";
    /** LlamaIndex's {@code embedBatchSize}. */
    private static final int LLAMA_INDEX_BATCH = 10;
    private static final ApiKeys LOCAL_AI_KEYS = new ApiKeys("localAIApiKey", "localAIApi", "LOCALAI_API_KEY");
    private static final ApiKeys OPENAI_KEYS = ApiKeys.OPENAI;

    private final ExportNode node;
    /** The client, or what fails when the node cannot have one (a missing key). */
    private final Supplier<EmbeddingModel> model;

    private EmbeddingsNode(ExportNode node, Supplier<EmbeddingModel> model) {
        this.node = node;
        this.model = model;
    }

    static EmbeddingsNode load(ExportNode node, FlowRuntime runtime) {
        return new EmbeddingsNode(node, switch (node.name()) {
            case OLLAMA -> ollama(node, runtime);
            case LOCAL_AI -> localAi(node, runtime);
            default -> openAi(node, runtime);
        });
    }

    /** One vector per text, in order; fails with a {@link ChatflowException} naming the node. */
    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) return List.of();
        try {
            List<Embedding> embeddings = model.get().embedAll(texts.stream().map(TextSegment::from).toList()).content();
            if (embeddings.size() != texts.size()) throw new IllegalStateException("wrong number of vectors");
            return embeddings.stream().map(Embedding::vector).toList();
        } catch (ChatflowException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "embeddings node " + node.id()
                    + " (" + node.name() + ") failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String describe() {
        return "embeddings node " + node.id() + " (" + node.name() + ")";
    }

    private static Supplier<EmbeddingModel> openAi(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        Optional<String> basepath = in.text("basepath").map(String::trim);
        Optional<String> key = OPENAI_KEYS.find(node, runtime);
        if (key.isEmpty() && basepath.isEmpty()) {
            // as with chat models, a missing key fails the prediction that needs it, not the load
            return () -> {
                throw new ChatflowException(ChatflowException.Kind.CONFIGURATION, node.name() + " node " + node.id()
                        + " has no API key: set OPENAI_API_KEY or the node's openAIApiKey input");
            };
        }
        OpenAiEmbeddingModel.OpenAiEmbeddingModelBuilder builder = OpenAiEmbeddingModel.builder()
                .httpClientBuilder(http(runtime))
                // local OpenAI-compatible servers take any key, and LangChain4j insists on one
                .apiKey(key.orElse("none"))
                .modelName(in.text("modelName").map(String::trim).orElse("text-embedding-ada-002"))
                .timeout(in.integer("timeout").filter(ms -> ms > 0).map(Duration::ofMillis)
                        .orElse(runtime.settings().models().timeout()));
        basepath.ifPresent(builder::baseUrl);
        if (node.name().equals(LLAMA_INDEX)) builder.maxSegmentsPerBatch(LLAMA_INDEX_BATCH);
        in.integer("dimensions").filter(d -> d > 0).ifPresent(builder::dimensions);
        Map<String, String> headers = BaseOptions.headers(node);
        if (!headers.isEmpty()) builder.customHeaders(headers);
        EmbeddingModel built = builder.build();
        return () -> built;
    }

    /** LocalAI: an OpenAI-compatible server at {@code basePath}; its key is optional. */
    private static Supplier<EmbeddingModel> localAi(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        String basePath = in.text("basePath").map(String::trim)
                .orElseThrow(() -> node.failure("needs the LocalAI server's address in its basePath input"));
        EmbeddingModel built = OpenAiEmbeddingModel.builder()
                .httpClientBuilder(http(runtime))
                .baseUrl(basePath)
                .apiKey(LOCAL_AI_KEYS.find(node, runtime).orElse("none"))
                .modelName(in.text("modelName").map(String::trim).orElse("text-embedding-ada-002"))
                .timeout(runtime.settings().models().timeout())
                .build();
        return () -> built;
    }

    private static Supplier<EmbeddingModel> ollama(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        EmbeddingModel built = OllamaEmbeddingModel.builder()
                .httpClientBuilder(http(runtime))
                .baseUrl(in.text("baseUrl").map(String::trim).orElse("http://localhost:11434"))
                .modelName(in.text("modelName").map(String::trim).orElse("llama2"))
                .timeout(runtime.settings().models().timeout())
                .build();
        return () -> built;
    }

    private static JdkHttpClientBuilder http(FlowRuntime runtime) {
        return ModelHttpClients.builder(runtime);
    }
}
