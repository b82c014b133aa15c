package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ExportNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the {@code vectara} node searches its corpora, as Vectara's API v2 {@code search} object:
 * {@code filter} (Vectara's metadata filter, e.g. {@code doc.source = 'faq'}), {@code lambda}
 * (lexical interpolation; unset or 0 is LangChain's 0.025), {@code sentencesBefore} and
 * {@code sentencesAfter} around each match (2), {@code topK} results (5), and, when
 * {@code mmrDiversityBias} is above 0, Vectara's MMR reranker over {@code mmrK} candidates (50).
 * Immutable.
 */
record VectaraSearch(Optional<String> filter, double lambda, int sentencesBefore, int sentencesAfter, int topK,
                     int mmrK, double diversityBias) {

    private static final double DEFAULT_LAMBDA = 0.025;
    private static final int MAX_RESULTS = 1000;

    static VectaraSearch of(ExportNode node) {
        Optional<String> filter = node.inputs().text("filter").map(String::trim);
        double lambda = node.inputs().number("lambda").filter(value -> value != 0).orElse(DEFAULT_LAMBDA);
        if (lambda < 0 || lambda > 1) throw node.failure("input lambda must be between 0 and 1");
        int before = node.inputs().integer("sentencesBefore").filter(value -> value != 0).orElse(2);
        int after = node.inputs().integer("sentencesAfter").filter(value -> value != 0).orElse(2);
        if (before < 0 || after < 0) throw node.failure("inputs sentencesBefore and sentencesAfter must be 0 or more");
        int topK = node.inputs().integer("topK").orElse(5);
        if (topK < 1 || topK > MAX_RESULTS) throw node.failure("input topK must be between 1 and " + MAX_RESULTS);
        int mmrK = node.inputs().integer("mmrK").orElse(50);
        if (mmrK < 1 || mmrK > MAX_RESULTS) throw node.failure("input mmrK must be between 1 and " + MAX_RESULTS);
        double bias = node.inputs().number("mmrDiversityBias").orElse(0.0);
        if (bias < 0 || bias > 1) throw node.failure("input mmrDiversityBias must be between 0 and 1");
        return new VectaraSearch(filter, lambda, before, after, topK, mmrK, bias);
    }

    boolean mmr() {
        return diversityBias > 0;
    }

    /** The {@code search} object of a query over {@code corpora}. */
    Map<String, Object> body(List<String> corpora) {
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("corpora", corpora.stream().map(this::corpus).toList());
        search.put("offset", 0);
        search.put("limit", mmr() ? mmrK : topK);
        search.put("context_configuration", Map.of("sentences_before", sentencesBefore, "sentences_after", sentencesAfter));
        if (mmr()) search.put("reranker", Map.of("type", "mmr", "diversity_bias", diversityBias, "limit", topK));
        return search;
    }

    private Map<String, Object> corpus(String key) {
        Map<String, Object> corpus = new LinkedHashMap<>();
        corpus.put("corpus_key", key);
        filter.ifPresent(value -> corpus.put("metadata_filter", value));
        corpus.put("lexical_interpolation", lambda);
        return corpus;
    }
}
