package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code recordmanager} category: where a vector store's upsert records the documents it
 * wrote, so a repeated upsert skips unchanged ones and cleans up stale ones
 * ({@link dev.flowstream.chatflow.node.Indexing}).
 */
public final class RecordManagerNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(PostgresRecordManagerNode.NAME, PostgresRecordManagerNode::load, Role.RECORD_MANAGER),
            NodeType.of(MySqlRecordManagerNode.NAME, MySqlRecordManagerNode::load, Role.RECORD_MANAGER),
            NodeType.of(SqliteRecordManagerNode.NAME, SqliteRecordManagerNode::load, Role.RECORD_MANAGER));

    private RecordManagerNodes() {
    }
}
