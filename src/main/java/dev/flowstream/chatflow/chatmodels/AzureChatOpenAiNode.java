package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.util.Map;
import java.util.Optional;

/**
 * Flowise's {@code azureChatOpenAI}: a deployment of Azure OpenAI, which speaks OpenAI's wire
 * format at {@code https://{instance}.openai.azure.com/openai/deployments/{deployment}} with the
 * query {@code api-version} and the key in an {@code api-key} header. Instance, deployment and
 * version are the {@code azureOpenAIApiInstanceName}, {@code azureOpenAIApiDeploymentName} and
 * {@code azureOpenAIApiVersion} inputs or fields of the {@code azureOpenAIApi} credential; the key
 * is {@code azureOpenAIApiKey} there, else {@code AZURE_OPENAI_API_KEY}. {@code basepath}, when
 * set, replaces {@code https://{instance}.openai.azure.com/openai/deployments} (a proxy or gateway),
 * as in Flowise: the deployment still follows it.
 * {@code modelName}, {@code temperature} and {@code maxTokens} may be overridden per request;
 * {@code topP} is sent when set. {@code azureChatOpenAI_LlamaIndex} is the same deployment for
 * Flowise's LlamaIndex nodes; its definition has no {@code basepath}, which Flowstream reads all
 * the same (a gateway, or a test server).
 *
 * <p>Threading: as {@link ProviderModelNode}.
 */
final class AzureChatOpenAiNode extends ProviderModelNode {

    static final String NAME = "azureChatOpenAI";
    static final String LLAMA_INDEX = "azureChatOpenAI_LlamaIndex";
    static final String CREDENTIAL = "azureOpenAIApi";
    /** The newest generally available version when this was written; the node's input wins. */
    static final String DEFAULT_API_VERSION = "2024-10-21";
    private static final ApiKeys KEYS = new ApiKeys("azureOpenAIApiKey", CREDENTIAL, "AZURE_OPENAI_API_KEY");

    private final Optional<String> modelName;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final Optional<String> basepath;

    private AzureChatOpenAiNode(ExportNode node, FlowRuntime runtime) {
        super(node, runtime, Optional.of("maxTokens"));
        NodeInputs in = node.inputs();
        this.modelName = in.text("modelName").map(String::trim);
        this.temperature = in.number("temperature");
        this.topP = in.number("topP");
        this.basepath = in.text("basepath").map(String::trim);
    }

    static AzureChatOpenAiNode load(ExportNode node, FlowRuntime runtime) {
        return new AzureChatOpenAiNode(node, runtime);
    }

    @Override
    StreamingChatModel build() {
        String apiKey = KEYS.require(node(), runtime());
        String version = setting("azureOpenAIApiVersion").orElse(DEFAULT_API_VERSION);
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(http())
                .baseUrl(basepath.orElseGet(this::instanceUrl) + "/" + required("azureOpenAIApiDeploymentName"))
                .customHeaders(Map.of("api-key", apiKey))
                .customQueryParams(Map.of("api-version", version))
                // Azure picks the model by deployment; the name only labels the request
                .modelName(modelName.orElse("gpt-4o-mini"))
                .timeout(timeout());
        temperature.ifPresent(builder::temperature);
        topP.ifPresent(builder::topP);
        maxTokens().ifPresent(builder::maxTokens);
        return builder.build();
    }

    private String instanceUrl() {
        return "https://" + required("azureOpenAIApiInstanceName") + ".openai.azure.com/openai/deployments";
    }

    private String required(String name) {
        return setting(name).orElseThrow(() -> new ChatflowException(Kind.CONFIGURATION, node().name() + " node "
                + node().id() + " has no " + name + ": set the node's input or the " + CREDENTIAL + " credential"));
    }

    /** A connection setting: the node's input, else the field of its credential. */
    private Optional<String> setting(String name) {
        NodeInputs in = node().inputs();
        return in.text(name).map(String::trim)
                .or(() -> ApiKeys.chosenCredential(node()).flatMap(chosen -> runtime().credential(chosen, name)))
                .or(() -> runtime().credential(CREDENTIAL, name));
    }
}
