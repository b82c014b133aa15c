package dev.flowstream.chatflow.node;

import java.util.List;

/**
 * Node types a JAR in {@code <configDir>/plugins/} brings, found by {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.flowstream.chatflow.node.NodePlugin}): for nodes whose libraries
 * are too big for the WAR. A registered type that needs one asks {@link FlowRuntime#pluginType}.
 *
 * <p>Threading: {@link #types} is called once, when the runtime first looks for plugins.
 */
public interface NodePlugin {

    /** @param loader the class loader of the plugin folder's JARs, for the libraries they bring */
    List<NodeType> types(ClassLoader loader);
}
