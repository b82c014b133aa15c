package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextOutput;
import dev.flowstream.chatflow.node.Wiring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a prompt's {@code promptValues} may name beyond the question and the history: other nodes'
 * text outputs and the flow's variables ({@link FlowVariables}). While the flow loads it builds
 * the nodes named through {@link Wiring}; the copy a prompt keeps ({@link #loaded}) knows only
 * those, so a request's overridden promptValues may name no other node.
 *
 * <p>Threading: a loading instance belongs to the loading thread; a loaded one is immutable.
 */
final class PromptSources {

    private final Optional<Wiring> wiring;
    private final Map<String, TextOutput> nodes;
    private final FlowVariables variables;
    private final String flowId;

    private PromptSources(Optional<Wiring> wiring, Map<String, TextOutput> nodes, FlowVariables variables, String flowId) {
        this.wiring = wiring;
        this.nodes = nodes;
        this.variables = variables;
        this.flowId = flowId;
    }

    static PromptSources loading(Wiring wiring) {
        return new PromptSources(Optional.of(wiring), new LinkedHashMap<>(),
                FlowVariables.in(wiring.runtime().configDir(), wiring.runtime()::env), wiring.flowId());
    }

    /** Sources for a prompt that names neither nodes nor variables (tests, inner prompts). */
    static PromptSources none(String flowId) {
        return new PromptSources(Optional.empty(), Map.of(), FlowVariables.NONE, flowId);
    }

    /** What a loaded prompt keeps: the nodes built so far, no wiring. */
    PromptSources loaded() {
        return wiring.isEmpty() ? this : new PromptSources(Optional.empty(), Map.copyOf(nodes), variables, flowId);
    }

    /** The node {@code id}, built for its text output; a load failure naming it when it has none. */
    TextOutput node(ExportNode node, String id) {
        TextOutput known = nodes.get(id);
        if (known != null) return known;
        if (wiring.isEmpty()) {
            throw node.failure("input promptValues references node " + id + ", which the flow did not connect to it");
        }
        TextOutput built = wiring.get().named(node, "promptValues", id, Role.TEXT_OUTPUT);
        nodes.put(id, built);
        return built;
    }

    /** The value of {@code $vars.<name>}; a load failure naming it when no variable has that name. */
    String variable(ExportNode node, String name) {
        return variables.value(name).orElseThrow(() -> node.failure("input promptValues uses {{$vars." + name
                + "}}, but no variable " + name + " is defined (" + FlowVariables.FILE + " in the config directory)"));
    }

    String flowId() {
        return flowId;
    }
}
