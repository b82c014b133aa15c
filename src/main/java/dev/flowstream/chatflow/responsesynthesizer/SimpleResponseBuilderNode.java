package dev.flowstream.chatflow.responsesynthesizer;

import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.support.llamaindex.SimpleResponseBuilder;

/**
 * Flowise's {@code simpleResponseBuilderLlamaIndex} ("Simple Response Builder") node: no inputs;
 * every passage in LlamaIndex's question-answering prompt, answered in one call.
 *
 * <p>Threading: loads an immutable synthesizer.
 */
final class SimpleResponseBuilderNode {

    static final String NAME = "simpleResponseBuilderLlamaIndex";

    private SimpleResponseBuilderNode() {
    }

    static ResponseSynthesizer load() {
        return new SimpleResponseBuilder();
    }
}
