package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.BaseOptions;
import dev.flowstream.chatflow.node.FlowRuntime;

import java.util.Map;

/**
 * Flowise's {@code chatOpenAICustom} ("OpenAI Custom Model"): a fine-tuned or self-hosted model
 * behind an OpenAI-compatible API at {@code basepath}, with the headers of {@code baseOptions}.
 * The key ({@code openAIApiKey}, credential {@code openAIApi}, or {@code OPENAI_API_KEY}) is
 * optional when {@code basepath} is set, as such servers often take none.
 * {@code modelName}, {@code temperature} and {@code maxTokens} may be overridden per request.
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class ChatOpenAiCustomNode extends ChatOpenAiNode {

    static final String NAME = "chatOpenAICustom";

    private final Map<String, String> headers;

    private ChatOpenAiCustomNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime);
        this.headers = BaseOptions.headers(node);
    }

    static ChatOpenAiCustomNode load(ExportNode node, FlowRuntime runtime) {
        return new ChatOpenAiCustomNode(node, runtime);
    }

    /** A self-hosted server may want no key at all: then no Authorization header is sent. */
    @Override
    String keyWhenNoneIsSet() {
        return null;
    }

    @Override
    Map<String, String> headers() {
        return headers;
    }
}
