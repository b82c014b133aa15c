package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NamedPrompt;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.FString;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flowise's {@code promptRetriever} node: a {@code systemMessage} under a {@code name} and a
 * {@code description}, for a {@code multiPromptChain} to choose among. As in Flowise, a pair of
 * braces holding a colon ({@code {"answer": "..."}} in an example) is literal text, so only
 * {@code {input}} is filled; any other variable, a missing name, description or system message
 * fails the load.
 *
 * <p>Threading: loads on the flow's loading thread; what it returns is immutable.
 */
final class PromptRetrieverNode {

    static final String NAME = "promptRetriever";
    /** Braces around text with a colon and no other braces: JSON in an example, not a variable. */
    private static final Pattern WITH_COLON = Pattern.compile("(?<!\\{)\\{([^{}]*:[^{}]*)}(?!})");

    private PromptRetrieverNode() {
    }

    static NamedPrompt load(ExportNode node, Wiring wiring) {
        NodeInputs in = node.inputs();
        String name = in.text("name").map(String::strip)
                .orElseThrow(() -> node.failure("needs a name in its name input, for the chain to choose it by"));
        String description = in.text("description").map(String::strip)
                .orElseThrow(() -> node.failure("needs a description in its description input, for the chain to choose it by"));
        String systemMessage = in.text("systemMessage")
                .orElseThrow(() -> node.failure("needs a prompt in its systemMessage input"));
        String template = escapeJson(systemMessage);
        Set<String> others = new TreeSet<>(FString.parse(template).variables());
        others.remove("input");
        if (!others.isEmpty()) {
            throw node.failure("input systemMessage uses {" + String.join("}, {", others) + "}; only {input} can be filled");
        }
        return new NamedPrompt(name, description, template);
    }

    static String escapeJson(String template) {
        Matcher matcher = WITH_COLON.matcher(template);
        return matcher.replaceAll(match -> Matcher.quoteReplacement("{{" + match.group(1) + "}}"));
    }
}
