package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flowise's {@code RRFRetriever} node (RAG fusion): when its {@code baseRetriever} finds anything
 * for the question, the {@code model} writes {@code queryCount} (4) other search queries, one per
 * line, in Flowise's prompt; the question and each query are searched with the base retriever (at
 * its own {@code topK}, where Flowise asks the store for 5), and the results are merged by
 * {@link RankFusion} with constant {@code c} (60). The best {@code topK} come out; without
 * {@code topK}, as many as the base found for the question. Lines past {@code queryCount} are not
 * searched; blank lines are skipped. (Flowise reads {@code c} only when {@code topK} is set.)
 *
 * <p>Threading: immutable; {@link #retrieve} blocks on the base retriever and the model, so it runs
 * on a worker thread, and is safe concurrently.
 */
final class RrfRetrieverNode implements Retriever {

    static final String NAME = "RRFRetriever";
    static final String SYSTEM = "You are a helpful assistant that generates multiple search queries based on a single input query.";

    /** The node's settings, read at load. */
    private record Settings(int queryCount, Optional<Integer> topK, double c) {
    }

    private final ExportNode node;
    private final Retriever base;
    private final ChatModelNode model;
    private final Settings settings;

    private RrfRetrieverNode(ExportNode node, Retriever base, ChatModelNode model, Settings settings) {
        this.node = node;
        this.base = base;
        this.model = model;
        this.settings = settings;
    }

    static RrfRetrieverNode load(ExportNode node, Wiring wiring) {
        Retriever base = wiring.required(node, "baseRetriever", Role.RETRIEVER);
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        NodeInputs in = node.inputs();
        int queryCount = in.integer("queryCount").orElse(4);
        if (queryCount < 1 || queryCount > 20) throw node.failure("input queryCount must be between 1 and 20");
        Optional<Integer> topK = in.integer("topK");
        if (topK.isPresent() && topK.get() < 1) throw node.failure("input topK must be 1 or more");
        double c = in.number("c").orElse(60.0);
        if (c < 0) throw node.failure("input c must be 0 or more");
        return new RrfRetrieverNode(node, base, model, new Settings(queryCount, topK, c));
    }

    /** Flowise's prompt asking for the other queries. */
    List<ChatMessage> prompt(String question) {
        return List.of(SystemMessage.from(SYSTEM),
                UserMessage.from("Generate multiple search queries related to: " + question
                        + ". Provide these alternative questions separated by newlines, do not add any numbers."),
                UserMessage.from("OUTPUT (" + settings.queryCount() + " queries):"));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        List<SourceDocument> first = base.retrieve(query);
        if (first.isEmpty()) return first;
        List<String> queries = InnerCall.lines(InnerCall.ask(node, model, prompt(query)));
        List<List<SourceDocument>> results = new ArrayList<>();
        results.add(first);
        for (String each : queries.subList(0, Math.min(queries.size(), settings.queryCount()))) results.add(base.retrieve(each));
        return RankFusion.fuse(results, settings.c(), settings.topK().orElse(first.size()));
    }
}
