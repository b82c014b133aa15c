package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;

import java.util.Optional;

/**
 * Flowise's {@code chatOllama}: a model served by Ollama at {@code baseUrl} (default
 * {@code http://localhost:11434}), streamed from its {@code /api/chat}. No key. Reads
 * {@code modelName}, {@code temperature}, {@code topP}, {@code topK}, {@code numCtx},
 * {@code repeatPenalty}, {@code repeatLastN}, {@code mirostat}, {@code mirostatEta} and
 * {@code mirostatTau}; {@code modelName} and {@code temperature} may be overridden per request.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class ChatOllamaNode extends ProviderModelNode {

    static final String NAME = "chatOllama";
    static final String DEFAULT_BASE_URL = "http://localhost:11434";

    private final String baseUrl;
    private final String modelName;
    private final Sampling sampling;

    /** Ollama's sampling options, as Flowise's node names them; all optional. */
    private record Sampling(Optional<Double> temperature, Optional<Double> topP, Optional<Integer> topK,
                            Optional<Integer> numCtx, Optional<Double> repeatPenalty, Optional<Integer> repeatLastN,
                            Optional<Integer> mirostat, Optional<Double> mirostatEta, Optional<Double> mirostatTau) {

        static Sampling of(NodeInputs in) {
            return new Sampling(in.number("temperature"), in.number("topP"), in.integer("topK"),
                    in.integer("numCtx"), in.number("repeatPenalty"), in.integer("repeatLastN"),
                    in.integer("mirostat"), in.number("mirostatEta"), in.number("mirostatTau"));
        }

        void applyTo(OllamaStreamingChatModel.OllamaStreamingChatModelBuilder builder) {
            temperature.ifPresent(builder::temperature);
            topP.ifPresent(builder::topP);
            topK.ifPresent(builder::topK);
            numCtx.ifPresent(builder::numCtx);
            repeatPenalty.ifPresent(builder::repeatPenalty);
            repeatLastN.ifPresent(builder::repeatLastN);
            mirostat.ifPresent(builder::mirostat);
            mirostatEta.ifPresent(builder::mirostatEta);
            mirostatTau.ifPresent(builder::mirostatTau);
        }
    }

    private ChatOllamaNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.empty());
        NodeInputs in = node.inputs();
        this.baseUrl = in.text("baseUrl").map(String::trim).orElse(DEFAULT_BASE_URL);
        this.modelName = in.text("modelName").map(String::trim)
                .orElseThrow(() -> node.failure("needs a modelName (an Ollama model, e.g. llama3.2)"));
        this.sampling = Sampling.of(in);
    }

    static ChatOllamaNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatOllamaNode(node, runtime);
    }

    @Override
    StreamingChatModel build() {
        OllamaStreamingChatModel.OllamaStreamingChatModelBuilder builder = OllamaStreamingChatModel.builder()
                .httpClientBuilder(http())
                .baseUrl(baseUrl)
                .modelName(modelName)
                .timeout(timeout());
        sampling.applyTo(builder);
        return builder.build();
    }
}
