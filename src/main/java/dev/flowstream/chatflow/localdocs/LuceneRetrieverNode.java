package dev.flowstream.chatflow.localdocs;

import dev.flowstream.chatflow.support.ConfigPaths;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code flowstreamLuceneRetriever}: Flowstream's own retriever node (Flowise has none like it). It
 * finds passages of the local documents ({@code <configDir>/<docsPath>}, default {@code docs},
 * Markdown and text) with the same full-text index as {@code flowstreamLocalAnswer}, so a retrieval
 * chain can work without an embedding model. Inputs {@code docsPath} and {@code topK} (default 4).
 * It goes wherever a chain takes a {@code vectorStoreRetriever}.
 *
 * <p>Threading: immutable after load; {@link #retrieve} is safe concurrently; closed with its flow.
 */
final class LuceneRetrieverNode implements Retriever {

    static final String NAME = "flowstreamLuceneRetriever";
    private static final int MAX_TOP_K = 20;

    private final LuceneIndex index;
    private final int topK;

    private LuceneRetrieverNode(LuceneIndex index, int topK) {
        this.index = index;
        this.topK = topK;
    }

    static LuceneRetrieverNode load(ExportNode node, Path configDir) {
        int topK = node.inputs().integer("topK").orElse(4);
        if (topK < 1 || topK > MAX_TOP_K) throw node.failure("input topK must be between 1 and " + MAX_TOP_K);
        String docsPath = node.inputs().text("docsPath").map(String::trim).orElse("docs");
        Path docs = ConfigPaths.inside(node, "docsPath", configDir, docsPath, true);
        try {
            return new LuceneRetrieverNode(LuceneIndex.of(DocsReader.passages(docs)), topK);
        } catch (IOException e) {
            throw node.failure("could not read its documents: " + e.getMessage());
        }
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return index.search(query, topK);
    }

    @Override
    public void close() {
        index.close();
    }
}
