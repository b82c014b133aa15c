package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.BaseOptions;
import dev.flowstream.chatflow.support.ModelHttpClients;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.googleai.GoogleAiEmbeddingModel;
import dev.langchain4j.model.mistralai.MistralAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Flowise's embeddings nodes for hosted providers that LangChain4j has clients for:
 * {@code azureOpenAIEmbeddings} (a deployment of Azure OpenAI, addressed as {@code azureChatOpenAI}
 * is: instance, deployment, API version and key from the inputs or the {@code azureOpenAIApi}
 * credential, {@code basepath} before the deployment; {@code batchSize}, {@code timeout},
 * {@code baseOptions} headers), {@code azureOpenAIEmbeddingsLlamaIndex} (the same deployment for
 * Flowise's LlamaIndex nodes: only {@code timeout} (and {@code basepath}) of those inputs, ten
 * texts per request as LlamaIndex sends them), {@code mistralAIEmbeddings} ({@code modelName}, {@code batchSize},
 * {@code stripNewLines}, {@code overrideEndpoint}) and {@code googleGenerativeAiEmbeddings}
 * ({@code modelName}, {@code tasktype}, {@code stripNewLines}; {@code basepath}, not an input of
 * Flowise's node, points it at a gateway or a test server). The client is built on first use, so a
 * missing key fails the upsert or question that needs it, saying where the key goes.
 *
 * <p>Threading: thread-safe; the client is built once under this node's lock; {@link #embed} blocks on HTTP.
 */
final class HostedEmbeddingsNode implements Embedder {

    static final String AZURE = "azureOpenAIEmbeddings";
    static final String AZURE_LLAMA_INDEX = "azureOpenAIEmbeddingsLlamaIndex";
    /** LlamaIndex's {@code embedBatchSize}. */
    private static final int LLAMA_INDEX_BATCH = 10;
    static final String MISTRAL = "mistralAIEmbeddings";
    static final String GOOGLE = "googleGenerativeAiEmbeddings";
    private static final Set<String> TASK_TYPES = Set.of("RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT", "SEMANTIC_SIMILARITY",
            "CLASSIFICATION", "CLUSTERING");

    private final ExportNode node;
    private final Function<ExportNode, EmbeddingModel> build;
    private final int batchSize;
    private final boolean stripNewLines;
    private EmbeddingModel model; // guarded by this

    private HostedEmbeddingsNode(ExportNode node, Function<ExportNode, EmbeddingModel> build, int batchSize, boolean stripNewLines) {
        this.node = node;
        this.build = build;
        this.batchSize = batchSize;
        this.stripNewLines = stripNewLines;
    }

    static HostedEmbeddingsNode load(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        return switch (node.name()) {
            case AZURE -> new HostedEmbeddingsNode(node, n -> azure(n, runtime), batchSize(node, 100), false);
            case AZURE_LLAMA_INDEX -> new HostedEmbeddingsNode(node, n -> azure(n, runtime), LLAMA_INDEX_BATCH, false);
            case MISTRAL -> new HostedEmbeddingsNode(node, n -> mistral(n, runtime), batchSize(node, 512),
                    in.flag("stripNewLines", true));
            case GOOGLE -> {
                Optional<String> task = in.text("tasktype").map(String::trim).filter(t -> !t.equals("TASK_TYPE_UNSPECIFIED"));
                if (task.isPresent() && !TASK_TYPES.contains(task.get())) {
                    throw node.failure("input tasktype must be one of " + new TreeSet<>(TASK_TYPES) + ", not " + task.get());
                }
                yield new HostedEmbeddingsNode(node, n -> google(n, runtime, task), 100, in.flag("stripNewLines", false));
            }
            default -> throw node.failure("is not a hosted embeddings node");
        };
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        try {
            for (int from = 0; from < texts.size(); from += batchSize) {
                List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                        .map(text -> TextSegment.from(stripNewLines ? text.replace('\n', ' ') : text)).toList();
                List<Embedding> embeddings = model().embedAll(batch).content();
                if (embeddings.size() != batch.size()) {
                    throw new ChatflowException(Kind.PROVIDER, describe() + " answered with " + embeddings.size()
                            + " vectors for " + batch.size() + " texts");
                }
                embeddings.forEach(embedding -> vectors.add(embedding.vector()));
            }
            return vectors;
        } catch (ChatflowException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatflowException(Kind.PROVIDER, describe() + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String describe() {
        return "embeddings node " + node.id() + " (" + node.name() + ")";
    }

    private synchronized EmbeddingModel model() {
        if (model == null) model = build.apply(node);
        return model;
    }

    private static EmbeddingModel azure(ExportNode node, FlowRuntime runtime) {
        ApiKeys keys = new ApiKeys("azureOpenAIApiKey", "azureOpenAIApi", "AZURE_OPENAI_API_KEY");
        String key = keys.require(node, runtime);
        String base = node.inputs().text("basepath").map(String::trim).map(url -> url.replaceAll("/+$", ""))
                .orElseGet(() -> "https://" + azureSetting(node, runtime, "azureOpenAIApiInstanceName") + ".openai.azure.com/openai/deployments");
        Map<String, String> headers = new HashMap<>(node.name().equals(AZURE) ? BaseOptions.headers(node) : Map.of());
        headers.put("api-key", key);
        OpenAiEmbeddingModel.OpenAiEmbeddingModelBuilder builder = OpenAiEmbeddingModel.builder()
                .httpClientBuilder(ModelHttpClients.builder(runtime))
                .baseUrl(base + "/" + azureSetting(node, runtime, "azureOpenAIApiDeploymentName"))
                .customHeaders(headers)
                .customQueryParams(Map.of("api-version", optionalAzureSetting(node, runtime, "azureOpenAIApiVersion")
                        .orElse("2024-10-21")))
                .modelName("text-embedding-ada-002") // Azure picks the model by deployment; the name only labels the request
                .timeout(node.inputs().integer("timeout").filter(ms -> ms > 0).map(Duration::ofMillis)
                        .orElse(runtime.settings().models().timeout()));
        return builder.build();
    }

    private static EmbeddingModel mistral(ExportNode node, FlowRuntime runtime) {
        MistralAiEmbeddingModel.MistralAiEmbeddingModelBuilder builder = MistralAiEmbeddingModel.builder()
                .httpClientBuilder(ModelHttpClients.builder(runtime))
                .apiKey(new ApiKeys("mistralAIAPIKey", "mistralAIApi", "MISTRAL_API_KEY").require(node, runtime))
                .modelName(node.inputs().text("modelName").map(String::trim).orElse("mistral-embed"))
                .timeout(runtime.settings().models().timeout())
                .maxRetries(0);
        node.inputs().text("overrideEndpoint").map(String::trim).ifPresent(builder::baseUrl);
        return builder.build();
    }

    private static EmbeddingModel google(ExportNode node, FlowRuntime runtime, Optional<String> task) {
        GoogleAiEmbeddingModel.GoogleAiEmbeddingModelBuilder builder = GoogleAiEmbeddingModel.builder()
                .httpClientBuilder(ModelHttpClients.builder(runtime));
        builder.apiKey(new ApiKeys("googleGenerativeAPIKey", "googleGenerativeAI", "GOOGLE_API_KEY").require(node, runtime))
                .modelName(node.inputs().text("modelName").map(String::trim).orElse("gemini-embedding-001"))
                .timeout(runtime.settings().models().timeout())
                .maxRetries(0);
        task.map(GoogleAiEmbeddingModel.TaskType::valueOf).ifPresent(builder::taskType);
        node.inputs().text("basepath").map(String::trim).ifPresent(builder::baseUrl);
        return builder.build();
    }

    private static String azureSetting(ExportNode node, FlowRuntime runtime, String name) {
        return optionalAzureSetting(node, runtime, name).orElseThrow(() -> new ChatflowException(Kind.CONFIGURATION,
                node.name() + " node " + node.id() + " has no " + name + ": set the azureOpenAIApi credential's " + name));
    }

    /** A connection setting: the chosen credential's field, else the {@code azureOpenAIApi} credential's. */
    private static Optional<String> optionalAzureSetting(ExportNode node, FlowRuntime runtime, String name) {
        return ApiKeys.chosenCredential(node).flatMap(id -> runtime.credential(id, name))
                .or(() -> runtime.credential("azureOpenAIApi", name)).map(String::trim);
    }

    private static int batchSize(ExportNode node, int fallback) {
        int size = node.inputs().integer("batchSize").orElse(fallback);
        if (size < 1) throw node.failure("input batchSize must be at least 1, not " + size);
        return size;
    }
}
