package dev.flowstream.chatflow.support.llamaindex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LlamaIndex prompt as Flowise's response synthesizer nodes fill theirs: the first
 * {@code {name}} of each of the prompt's variables is replaced by its value ({@code ""} when none
 * is given), in one pass over the template, so a value is never searched for variables. A later
 * occurrence of a variable stays as written, as in Flowise. Immutable.
 */
public final class LlamaPrompt {

    /** LlamaIndex's question-answering prompt. */
    public static final LlamaPrompt TEXT_QA = new LlamaPrompt("""
            Context information is below.
            ---------------------
            {context}
            ---------------------
            Given the context information and not prior knowledge, answer the query.
            Query: {query}
            Answer:""", List.of("context", "query"));
    /** LlamaIndex's refine prompt. */
    public static final LlamaPrompt REFINE = new LlamaPrompt("""
            The original query is as follows: {query}
            We have provided an existing answer: {existingAnswer}
            We have the opportunity to refine the existing answer (only if needed) with some more context below.
            ------------
            {context}
            ------------
            Given the new context, refine the original answer to better answer the query. \
            If the context isn't useful, return the original answer.
            Refined Answer:""", List.of("existingAnswer", "context", "query"));
    /** LlamaIndex's tree-summarize prompt. */
    public static final LlamaPrompt TREE_SUMMARIZE = new LlamaPrompt("""
            Context information from multiple sources is below.
            ---------------------
            {context}
            ---------------------
            Given the information from multiple sources and not prior knowledge, answer the query.
            Query: {query}
            Answer:""", List.of("context", "query"));

    private final String template;
    private final List<String> variables;
    private final Map<String, String> fixed;

    private LlamaPrompt(String template, List<String> variables, Map<String, String> fixed) {
        this.template = template;
        this.variables = List.copyOf(variables);
        this.fixed = Map.copyOf(fixed);
    }

    private LlamaPrompt(String template, List<String> variables) {
        this(template, variables, Map.of());
    }

    /** A question-answering prompt with {@code {context}} and {@code {query}}. */
    public static LlamaPrompt textQa(String template) {
        return new LlamaPrompt(template, TEXT_QA.variables);
    }

    /** A refine prompt with {@code {existingAnswer}}, {@code {context}} and {@code {query}}. */
    public static LlamaPrompt refine(String template) {
        return new LlamaPrompt(template, REFINE.variables);
    }

    /** The same prompt with one variable filled for good (LlamaIndex fills the query so, before sizing a prompt). */
    LlamaPrompt with(String name, String value) {
        Map<String, String> more = new HashMap<>(fixed);
        more.put(name, value);
        return new LlamaPrompt(template, variables, more);
    }

    /** The prompt with the fixed variables and {@code values}; any other variable becomes empty. */
    String format(Map<String, String> values) {
        record Slot(int at, String name) {
        }
        List<Slot> slots = new ArrayList<>();
        for (String name : variables) {
            int at = template.indexOf("{" + name + "}");
            if (at >= 0) slots.add(new Slot(at, name));
        }
        slots.sort(Comparator.comparingInt(Slot::at));
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (Slot slot : slots) {
            text.append(template, from, slot.at()).append(fixed.getOrDefault(slot.name(), values.getOrDefault(slot.name(), "")));
            from = slot.at() + slot.name().length() + 2;
        }
        return text.append(template.substring(from)).toString();
    }

    /** The prompt with nothing but its fixed variables: what LlamaIndex measures to see how much context fits. */
    String empty() {
        return format(Map.of());
    }

    @Override
    public String toString() {
        return template;
    }
}
