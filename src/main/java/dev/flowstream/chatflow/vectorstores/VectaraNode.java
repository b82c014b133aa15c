package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.VectaraStore;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Flowise's {@code vectara} node over Vectara's REST API v2 ({@link VectaraApi}): Vectara embeds
 * and searches itself, so the node has no embeddings input. An upsert indexes the loaders'
 * documents into the corpus; a question is searched with Vectara's own retrieval
 * ({@link VectaraSearch}: {@code filter}, {@code lambda}, {@code sentencesBefore},
 * {@code sentencesAfter}, {@code topK}, MMR with {@code mmrK} and {@code mmrDiversityBias}); a
 * {@code vectaraQAChain} gets Vectara's generated answer over the same search
 * ({@link VectaraStore}). Flowise's {@code file} input (files sent to Vectara to parse) is refused.
 *
 * <p>Threading: immutable and thread-safe; calls block on the network and run on the runtime's workers.
 */
final class VectaraNode implements Retriever, Upserter, VectaraStore {

    static final String NAME = "vectara";

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final VectaraSearch search;
    private final VectaraApi api;
    private final VectaraAnswerStream answers;

    private VectaraNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.search = VectaraSearch.of(node);
        this.api = new VectaraApi(node, wiring.runtime());
        this.answers = new VectaraAnswerStream(node, wiring.runtime());
    }

    static VectaraNode load(ExportNode node, Wiring wiring) {
        node.refuseIfSet("file");
        return new VectaraNode(node, wiring, wiring.all(node, "document", Role.DOCUMENT_LOADER));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return api.search(query, search);
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig).stream()
                .filter(document -> !document.pageContent().isEmpty()).toList();
        api.headers(); // no key or corpus fails here, before the loaders' documents are sent
        api.index(documents);
        return UpsertResult.added(documents);
    }

    @Override
    public List<SourceDocument> summarize(String question, Summary summary, Consumer<String> chunks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", question);
        body.put("search", search.body(api.corpora()));
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("generation_preset_name", summary.promptName());
        generation.put("max_used_search_results", summary.maxResults());
        generation.put("response_language", summary.language());
        generation.put("citations", Map.of("style", "numeric"));
        body.put("generation", generation);
        body.put("stream_response", true);
        return answers.stream(api.uri("query"), api.headers(), body, chunks);
    }

    @Override
    public String describe() {
        return "node " + node.id() + " (" + NAME + ")";
    }
}
