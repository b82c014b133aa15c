package dev.flowstream.chatflow.localdocs;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowstream's own nodes over the local documents, with a Lucene full-text index: an answer that
 * needs no model and no key, and a retriever that needs no embeddings. Not Flowise nodes.
 */
public final class LocalDocsNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(LocalAnswerNode.NAME, (node, wiring) -> LocalAnswerNode.load(node, wiring.runtime()), Role.ENDING),
            NodeType.of(LuceneRetrieverNode.NAME, (node, wiring) -> LuceneRetrieverNode.load(node, wiring.runtime().configDir()),
                    Role.RETRIEVER));

    private LocalDocsNodes() {
    }
}
