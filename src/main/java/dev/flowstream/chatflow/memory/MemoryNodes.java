package dev.flowstream.chatflow.memory;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code memory} category: conversations by chatId, kept in this process or in Redis. */
public final class MemoryNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(BufferMemoryNode.BUFFER, (node, wiring) -> BufferMemoryNode.load(node, wiring.runtime()), Role.MEMORY),
            NodeType.of(BufferMemoryNode.WINDOW, (node, wiring) -> BufferMemoryNode.load(node, wiring.runtime()), Role.MEMORY),
            NodeType.of(RedisMemoryNode.NAME, (node, wiring) -> RedisMemoryNode.load(node, wiring.runtime()), Role.MEMORY));

    private MemoryNodes() {
    }
}
