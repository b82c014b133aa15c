package dev.flowstream.chatflow;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code chatOpenAI} node: any OpenAI-compatible chat server ({@code basepath}), streamed
 * through LangChain4j. The API key is the node's {@code openAIApiKey} input, else the
 * {@code openAIApiKey} field of the credential its {@code credential} input names in
 * {@code credentials.json} (by default Flowise's {@code openAIApi}), else the environment's
 * {@code OPENAI_API_KEY}; a server named by {@code basepath} may need none. A missing key fails the
 * prediction, not the load, so a catalog with an unconfigured flow still starts.
 * {@code modelName}, {@code temperature} and {@code maxTokens} may be overridden per request.
 *
 * <p>Threading: immutable apart from the model, built once on first use (a benign race: a loser's
 * model is dropped); safe to run concurrently.
 */
final class ChatOpenAiNode implements ChatModelNode {

    static final String NAME = "chatOpenAI";
    static final String CREDENTIAL = "openAIApi";
    private static final Set<String> OVERRIDABLE = Set.of("modelName", "temperature", "maxTokens");

    private final ExportNode node;
    private final Config config;
    private final FlowRuntime runtime;
    private volatile StreamingChatModel model;

    /** The inputs that shape the client; read and checked at load. */
    private record Config(String modelName, Optional<Double> temperature, Optional<Integer> maxTokens,
                          Duration timeout, Optional<String> basepath, boolean streaming,
                          Optional<String> apiKey, String credential) {
    }

    private ChatOpenAiNode(ExportNode node, Config config, FlowRuntime runtime) {
        this.node = node;
        this.config = config;
        this.runtime = runtime;
    }

    static ChatOpenAiNode load(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        Duration timeout = in.integer("timeout").filter(ms -> ms > 0).map(Duration::ofMillis)
                .orElse(runtime.settings().modelTimeout());
        Config config = new Config(in.text("modelName").map(String::trim).orElse("gpt-4o-mini"),
                in.number("temperature"), in.integer("maxTokens").filter(max -> max > 0), timeout,
                in.text("basepath").map(String::trim), in.flag("streaming", true),
                in.text("openAIApiKey").map(String::trim), in.text("credential").map(String::trim).orElse(CREDENTIAL));
        return new ChatOpenAiNode(node, config, runtime);
    }

    @Override
    public String id() {
        return node.id();
    }

    /** Flowise's {@code streaming} input: false makes the whole flow answer without events. */
    @Override
    public boolean streaming() {
        return config.streaming();
    }

    /** Streams one answer to {@code sink}; the stage fails with a {@link ChatflowException}. */
    @Override
    public CompletionStage<FlowResult> stream(List<ChatMessage> messages, Map<String, Object> overrideConfig,
                                       StreamSink sink, List<SourceDocument> sources) {
        AnswerStream answer = new AnswerStream(sink);
        List<SourceDocument> kept = List.copyOf(sources);
        round(messages, List.of(), overrideConfig, answer, response -> answer.complete(kept));
        return answer.result();
    }

    @Override
    public boolean callsTools() {
        return true;
    }

    @Override
    public void round(List<ChatMessage> messages, List<ToolSpecification> tools, Map<String, Object> overrideConfig,
                      AnswerStream answer, ModelStreamHandler.Ending ending) {
        StreamingChatModel chatModel;
        ChatRequest request;
        try {
            chatModel = model();
            request = request(messages, tools, overrideConfig);
        } catch (ChatflowException e) {
            answer.fail(e);
            return;
        }
        new ModelStreamHandler(node.id(), answer, config.timeout(), runtime.settings().stallTimeout(), ending)
                .start(chatModel, request, runtime.watchdog());
    }

    private ChatRequest request(List<ChatMessage> messages, List<ToolSpecification> tools,
                                Map<String, Object> overrideConfig) {
        Optional<ExportNode> overridden = Overrides.apply(node, overrideConfig, OVERRIDABLE);
        if (overridden.isEmpty()) return ChatRequest.builder().messages(messages).toolSpecifications(tools).build();
        NodeInputs in = overridden.get().inputs();
        try {
            DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder()
                    .modelName(in.text("modelName").map(String::trim).orElse(config.modelName()))
                    .temperature(in.number("temperature").orElse(null))
                    .maxOutputTokens(in.integer("maxTokens").filter(max -> max > 0).orElse(null));
            if (!tools.isEmpty()) parameters.toolSpecifications(tools);
            return ChatRequest.builder().messages(messages).parameters(parameters.build()).build();
        } catch (FlowLoadException | IllegalArgumentException e) {
            throw new ChatflowException(Kind.CHAIN, "overrideConfig: " + e.getMessage());
        }
    }

    private StreamingChatModel model() {
        StreamingChatModel built = model;
        if (built != null) return built;
        built = build(apiKey());
        model = built;
        return built;
    }

    private String apiKey() {
        Optional<String> key = config.apiKey()
                .or(() -> runtime.credential(config.credential(), "openAIApiKey"))
                .or(() -> runtime.env("OPENAI_API_KEY"));
        if (key.isPresent()) return key.get();
        // local OpenAI-compatible servers take any key, and LangChain4j insists on one
        if (config.basepath().isPresent()) return "none";
        throw new ChatflowException(Kind.CONFIGURATION, "chatOpenAI node " + node.id()
                + " has no API key: set OPENAI_API_KEY or the node's openAIApiKey input");
    }

    private StreamingChatModel build(String apiKey) {
        // HTTP/1.1: the JDK client's h2c upgrade breaks local servers (vLLM, LM Studio)
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(runtime.workers());
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder().httpClientBuilder(http))
                .apiKey(apiKey)
                .modelName(config.modelName())
                .timeout(config.timeout());
        config.basepath().ifPresent(builder::baseUrl);
        config.temperature().ifPresent(builder::temperature);
        config.maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }
}
