package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ModelHttpClients;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What the provider nodes ({@code chatOllama}, {@code chatMistralAI}, ...) share: the
 * {@code timeout} and {@code streaming} inputs, a client built on first use (so a missing key
 * fails the prediction, not the load), per-request overrides of the model name, temperature and
 * max-tokens inputs, and streaming through {@link ModelStreamHandler} and {@link AnswerStream}.
 * A subclass reads its other inputs at load and says how to build its client.
 *
 * <p>Threading: immutable apart from the client, built once on first use (a benign race: a
 * loser's client is dropped); safe to run concurrently. Subclasses must be immutable too.
 */
abstract class ProviderModelNode implements ChatModelNode {

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Duration timeout;
    private final boolean streaming;
    private final Optional<String> maxTokensInput;
    private final Set<String> overridable;
    private volatile StreamingChatModel model;

    /** {@code maxTokensInput}: the provider's max-tokens input ({@code maxTokens}, {@code maxOutputTokens}), if any. */
    ProviderModelNode(ExportNode node, FlowRuntime runtime, Optional<String> maxTokensInput) {
        NodeInputs in = node.inputs();
        this.node = node;
        this.runtime = runtime;
        this.timeout = in.integer("timeout").filter(ms -> ms > 0).map(Duration::ofMillis)
                .orElse(runtime.settings().models().timeout());
        this.streaming = in.flag("streaming", true);
        this.maxTokensInput = maxTokensInput;
        // read here only so that a bad value fails the load rather than every prediction
        maxTokensInput.ifPresent(name -> maxTokens(in, name));
        in.number("temperature");
        this.overridable = maxTokensInput.map(name -> Set.of("modelName", "temperature", name))
                .orElse(Set.of("modelName", "temperature"));
    }

    /** The provider's client; throws a CONFIGURATION {@link ChatflowException} when a key is missing. */
    abstract StreamingChatModel build();

    @Override
    public final String id() {
        return node.id();
    }

    @Override
    public final boolean streaming() {
        return streaming;
    }

    @Override
    public final CompletionStage<FlowResult> stream(List<ChatMessage> messages, Map<String, Object> overrideConfig,
                                                    StreamSink sink, List<SourceDocument> sources) {
        AnswerStream answer = new AnswerStream(sink);
        List<SourceDocument> kept = List.copyOf(sources);
        send(messages, List.of(), overrideConfig, answer, response -> answer.complete(kept));
        return answer.result();
    }

    @Override
    public final String type() {
        return node.name();
    }

    @Override
    public final void round(List<ChatMessage> messages, List<ToolSpecification> tools, Map<String, Object> overrideConfig,
                            AnswerStream answer, ChatModelNode.Ending ending) {
        if (!supportedCapabilities().contains(Capability.TOOL_CALLING)) {
            ChatModelNode.super.round(messages, tools, overrideConfig, answer, ending);
            return;
        }
        send(messages, tools, overrideConfig, answer, ending);
    }

    private void send(List<ChatMessage> messages, List<ToolSpecification> tools, Map<String, Object> overrideConfig,
                      AnswerStream answer, ChatModelNode.Ending ending) {
        StreamingChatModel chatModel;
        ChatRequest request;
        try {
            chatModel = model();
            request = request(messages, tools, overrideConfig);
        } catch (ChatflowException e) {
            answer.fail(e);
            return;
        }
        new ModelStreamHandler(node.id(), answer, timeout, runtime.settings().models().stallTimeout(), ending)
                .start(chatModel, request, runtime.watchdog());
    }

    final ExportNode node() {
        return node;
    }

    final FlowRuntime runtime() {
        return runtime;
    }

    final Duration timeout() {
        return timeout;
    }

    /** The node's max-tokens input, when it has one and it is positive. */
    final Optional<Integer> maxTokens() {
        return maxTokensInput.flatMap(name -> maxTokens(node.inputs(), name));
    }

    /** The provider client's HTTP transport ({@link ModelHttpClients}). */
    final JdkHttpClientBuilder http() {
        return ModelHttpClients.builder(runtime);
    }

    private ChatRequest request(List<ChatMessage> messages, List<ToolSpecification> tools,
                                Map<String, Object> overrideConfig) {
        Optional<ExportNode> overridden = Overrides.apply(node, overrideConfig, overridable);
        if (overridden.isEmpty()) return ChatRequest.builder().messages(messages).toolSpecifications(tools).build();
        NodeInputs in = overridden.get().inputs();
        try {
            // unset values stay null: the client's own defaults (the node's inputs) fill them in
            DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder()
                    .modelName(in.text("modelName").map(String::trim).orElse(null))
                    .temperature(in.number("temperature").orElse(null))
                    .maxOutputTokens(maxTokensInput.flatMap(name -> maxTokens(in, name)).orElse(null));
            if (!tools.isEmpty()) parameters.toolSpecifications(tools);
            return ChatRequest.builder().messages(messages).parameters(parameters.build()).build();
        } catch (FlowLoadException | IllegalArgumentException e) {
            throw Overrides.invalid(e);
        }
    }

    private StreamingChatModel model() {
        StreamingChatModel built = model;
        if (built != null) return built;
        built = build();
        model = built;
        return built;
    }

    private static Optional<Integer> maxTokens(NodeInputs in, String name) {
        return in.integer(name).filter(max -> max > 0);
    }
}
