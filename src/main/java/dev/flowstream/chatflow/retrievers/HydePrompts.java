package dev.flowstream.chatflow.retrievers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prompts of LangChain's HyDE retriever by Flowise's {@code promptKey}: each asks the model for
 * the kind of passage the documents of one benchmark hold, with {@code {question}} in it. Immutable.
 */
final class HydePrompts {

    static final String DEFAULT_KEY = "websearch";
    private static final Map<String, String> TEMPLATES = templates();

    private HydePrompts() {
    }

    static Optional<String> template(String key) {
        return Optional.ofNullable(TEMPLATES.get(key));
    }

    static List<String> keys() {
        return List.copyOf(TEMPLATES.keySet());
    }

    private static Map<String, String> templates() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("websearch", "Please write a passage to answer the question\nQuestion: {question}\nPassage:");
        templates.put("scifact", "Please write a scientific paper passage to support/refute the claim\nClaim: {question}\nPassage:");
        templates.put("arguana", "Please write a counter argument for the passage\nPassage: {question}\nCounter Argument:");
        templates.put("trec-covid", "Please write a scientific paper passage to answer the question\nQuestion: {question}\nPassage:");
        templates.put("fiqa", "Please write a financial article passage to answer the question\nQuestion: {question}\nPassage:");
        templates.put("dbpedia-entity", "Please write a passage to answer the question.\nQuestion: {question}\nPassage:");
        templates.put("trec-news", "Please write a news passage about the topic.\nTopic: {question}\nPassage:");
        templates.put("mr-tydi", "Please write a passage in Swahili/Korean/Japanese/Bengali to answer the question in detail.\n"
                + "Question: {question}\nPassage:");
        return Collections.unmodifiableMap(templates);
    }
}
