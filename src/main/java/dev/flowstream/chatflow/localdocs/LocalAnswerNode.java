package dev.flowstream.chatflow.localdocs;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.support.ConfigPaths;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.node.AnswerStream;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.support.WordTokens;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code flowstreamLocalAnswer}: Flowstream's own node, not one of Flowise's, and NOT an LLM. It
 * answers with the passages of the local documents ({@code <configDir>/<docsPath>}, Markdown and
 * text) that best match the question, found with a full-text index, streamed word by word and
 * returned as {@code sourceDocuments}. It needs no network and no API key, so a fresh install
 * can show streaming end to end. Inputs: {@code docsPath} (default {@code docs}, must stay inside
 * the config directory) and {@code topK} (default 2, may be overridden per request). It ends a
 * flow on its own.
 *
 * <p>Threading: immutable after load; runs concurrently, each answer streamed from a worker thread.
 */
final class LocalAnswerNode implements FlowEnd {

    static final String NAME = "flowstreamLocalAnswer";
    static final String NO_MATCH = "No passage of the local documents matched your question. "
            + "Try other words, or add Markdown or text files to the docs directory.";
    private static final int MAX_TOP_K = 20;
    private static final Logger LOG = Logger.getLogger(LocalAnswerNode.class.getName());

    private final ExportNode node;
    private final LuceneIndex index;
    private final FlowRuntime runtime;

    private LocalAnswerNode(ExportNode node, LuceneIndex index, FlowRuntime runtime) {
        this.node = node;
        this.index = index;
        this.runtime = runtime;
    }

    static LocalAnswerNode load(ExportNode node, FlowRuntime runtime) {
        topK(node, node.inputs());
        Path docs = ConfigPaths.inside(node, "docsPath", runtime.configDir(),
                node.inputs().text("docsPath").map(String::trim).orElse("docs"), true);
        try {
            LuceneIndex index = LuceneIndex.of(DocsReader.passages(docs));
            if (index.size() == 0) LOG.warning("node " + node.id() + ": no documents under " + runtime.configDir().relativize(docs));
            return new LocalAnswerNode(node, index, runtime);
        } catch (IOException e) {
            throw new FlowLoadException("node " + node.id() + " (" + NAME + ") could not read its documents: " + e, e);
        }
    }

    @Override
    public boolean streamable() {
        return true;
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        int k;
        try {
            k = topK(node, node.inputs().overriddenBy(request.overrideConfig(), Set.of("topK")));
        } catch (FlowLoadException e) {
            return CompletableFuture.failedFuture(Overrides.invalid(e));
        }
        AnswerStream answer = new AnswerStream(sink);
        try {
            runtime.workers().execute(() -> answer(request.question(), k, answer));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ChatflowException(Kind.CHAIN, "Flowstream is shutting down"));
        }
        return answer.result();
    }

    @Override
    public void close() {
        index.close();
    }

    private void answer(String question, int k, AnswerStream answer) {
        try {
            List<SourceDocument> found = index.search(question, k);
            String text = found.isEmpty() ? NO_MATCH
                    : found.stream().map(SourceDocument::pageContent).collect(Collectors.joining("\n\n"));
            for (String token : WordTokens.split(text)) {
                if (!answer.token(token)) return;
            }
            answer.complete(found);
        } catch (RuntimeException e) {
            answer.fail(new ChatflowException(Kind.CHAIN, "node " + node.id() + " could not answer from its documents", e));
        }
    }

    private static int topK(ExportNode node, NodeInputs inputs) {
        int k = inputs.integer("topK").orElse(2);
        if (k < 1 || k > MAX_TOP_K) throw node.failure("input topK must be between 1 and " + MAX_TOP_K);
        return k;
    }
}
