package dev.flowstream.chatflow.support;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;

import java.util.Optional;

/**
 * Where a provider node finds its API key, in Flowise's order: the node's own input (e.g.
 * {@code mistralAIAPIKey}), else that field of the credential the export chose in
 * {@code credentials.json} ({@link #chosenCredential}), else of the provider's Flowise credential by
 * name (e.g. {@code openAIApi}), else the provider's usual environment variable. The key is looked up when a prediction needs it, so a flow without
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
        return in.text(input).map(String::trim)
                .or(() -> chosenCredential(node).flatMap(chosen -> runtime.credential(chosen, input)))
                .or(() -> runtime.credential(credential, input))
                .or(() -> runtime.env(envVar));
    }

    /**
     * The credential the export names: Flowise's {@code data.credential} (the id of a credential in
     * Flowise's store, which {@code credentials.json} may hold under that id), else Flowstream's
     * {@code credential} input (a credential's name).
     */
    public static Optional<String> chosenCredential(ExportNode node) {
        return node.credential().or(() -> node.inputs().text("credential")).map(String::trim);
    }

    /** The key, or a CONFIGURATION failure that says where to put it (never what was found). */
    public String require(ExportNode node, FlowRuntime runtime) {
        return find(node, runtime).orElseThrow(() -> new ChatflowException(Kind.CONFIGURATION,
                node.name() + " node " + node.id() + " has no API key: set " + envVar
                        + " or the node's " + input + " input"));
    }
}
