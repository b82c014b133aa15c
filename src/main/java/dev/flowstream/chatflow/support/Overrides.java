package dev.flowstream.chatflow.support;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Flowise's {@code overrideConfig}: a key replaces the node input of the same name, for one
 * request. A value may also be an object keyed by node id ({@code {"systemMessagePrompt":
 * {"conversationChain_0": "..."}}}), which targets one node. Each node lists the inputs it lets a
 * request replace; credentials, API keys and base paths are never among them. Stateless.
 */
public final class Overrides {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*_\\d+");

    private Overrides() {
    }

    /** The node with the request's values for {@code allowed} inputs, if the request sets any. */
    public static Optional<ExportNode> apply(ExportNode node, Map<String, Object> overrideConfig, Set<String> allowed) {
        Map<String, Object> forNode = new HashMap<>();
        for (String key : allowed) {
            Object value = overrideConfig.get(key);
            if (value instanceof Map<?, ?> map && isByNode(map)) value = map.get(node.id());
            if (value != null) forNode.put(key, value);
        }
        if (forNode.isEmpty()) return Optional.empty();
        return Optional.of(node.withInputs(node.inputs().overriddenBy(forNode, forNode.keySet())));
    }

    /** An object whose keys are all node ids targets those nodes (other objects are values, e.g. promptValues). */
    private static boolean isByNode(Map<?, ?> map) {
        return !map.isEmpty() && map.keySet().stream().allMatch(key -> key instanceof String id && NODE_ID.matcher(id).matches());
    }

    /**
     * {@code current} when the request overrides none of {@code allowed}, else the node loaded
     * again with the overrides; an override that makes the node invalid fails the run, not the flow.
     */
    public static <T> T reload(ExportNode node, Map<String, Object> overrideConfig, Set<String> allowed,
                        Function<ExportNode, T> load, T current) {
        Optional<ExportNode> overridden = apply(node, overrideConfig, allowed);
        if (overridden.isEmpty()) return current;
        try {
            return load.apply(overridden.get());
        } catch (FlowLoadException e) {
            throw invalid(e);
        }
    }

    /** A request whose overrides make a node invalid fails its run (not the flow), saying so. */
    public static ChatflowException invalid(RuntimeException problem) {
        return new ChatflowException(Kind.CHAIN, "overrideConfig: " + problem.getMessage());
    }
}
