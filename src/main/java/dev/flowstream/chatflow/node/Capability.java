package dev.flowstream.chatflow.node;

/**
 * What a node can do beyond the roles it plays, as LangChain4j's {@code supportedCapabilities()}
 * says it of a model: a node that needs it asks for it instead of testing the node's type.
 */
public enum Capability {
    /** A chat model that calls tools: agents need it ({@link ChatModelNode#round}). */
    TOOL_CALLING
}
