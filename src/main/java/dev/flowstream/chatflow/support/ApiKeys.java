package dev.flowstream.chatflow.support;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;

import java.util.Optional;

/**
 * Where a provider node finds its API key, in Flowise's order: the node's own input (e.g.
 * {@code mistralAIAPIKey}), else that field of the credential its {@code credential} input names
 * in {@code credentials.json} (by default the provider's Flowise credential), else the provider's
 * usual environment variable. The key is looked up when a prediction needs it, so a flow without
 * one still loads and only its predictions fail.
 *
 * <p>Threading: an immutable value; lookups read only immutable state.
 */
public record ApiKeys(String input, String credential, String envVar) {

    /** OpenAI's key, as Flowise's {@code chatOpenAI} and {@code openAIEmbeddings} look it up. */
    public static final ApiKeys OPENAI = new ApiKeys("openAIApiKey", "openAIApi", "OPENAI_API_KEY");

    /** The key, if any source has one. */
    public Optional<String> find(ExportNode node, FlowRuntime runtime) {
        NodeInputs in = node.inputs();
        String credentialName = in.text("credential").map(String::trim).orElse(credential);
        return in.text(input).map(String::trim)
                .or(() -> runtime.credential(credentialName, input))
                .or(() -> runtime.env(envVar));
    }

    /** The key, or a CONFIGURATION failure that says where to put it (never what was found). */
    public String require(ExportNode node, FlowRuntime runtime) {
        return find(node, runtime).orElseThrow(() -> new ChatflowException(Kind.CONFIGURATION,
                node.name() + " node " + node.id() + " has no API key: set " + envVar
                        + " or the node's " + input + " input"));
    }
}
