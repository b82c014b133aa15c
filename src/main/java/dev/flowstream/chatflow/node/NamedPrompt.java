package dev.flowstream.chatflow.node;

import java.util.Objects;

/**
 * A prompt as a router sees it: Flowise's {@code promptRetriever}, a prompt template with the name
 * a router answers with and the description it chooses by. {@code template} is the node's
 * {@code systemMessage}, braces that hold a colon (JSON examples) already escaped, so only
 * {@code {input}} is a variable.
 *
 * <p>Threading: immutable.
 */
public record NamedPrompt(String name, String description, String template) {

    public NamedPrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(template, "template");
    }
}
