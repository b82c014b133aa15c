package dev.flowstream.chatflow.chains;

import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vectara's citations ({@code [3]}, numbering its search results) renumbered in the order the
 * answer first cites them, as vectara-answer and Flowise's chain show them: {@code [1]} is the first
 * source cited. Works on a stream of pieces: a piece ending inside a citation ({@code "... [1"})
 * holds that part back until the next one, so every token already carries the final numbers.
 *
 * <p>Threading: not thread-safe; one answer's producer uses it.
 */
final class Citations {

    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,4})]");

    /** Vectara's number (from 1) to the answer's. */
    private final Map<Integer, Integer> order = new LinkedHashMap<>();
    private final StringBuilder held = new StringBuilder();

    /** The text of {@code piece} that can be passed on now, renumbered. */
    String next(String piece) {
        held.append(piece);
        int open = held.lastIndexOf("[");
        int keep = open >= 0 && held.substring(open + 1).chars().allMatch(Character::isDigit) ? open : held.length();
        String ready = held.substring(0, keep);
        held.delete(0, keep);
        return renumber(ready);
    }

    /** What is still held back at the end of the answer. */
    String rest() {
        String rest = renumber(held.toString());
        held.setLength(0);
        return rest;
    }

    /** The search results the answer cites, in the order of their new numbers. */
    List<SourceDocument> cited(List<SourceDocument> results) {
        List<SourceDocument> cited = new ArrayList<>();
        for (int number : order.keySet()) if (number >= 1 && number <= results.size()) cited.add(results.get(number - 1));
        return cited;
    }

    private String renumber(String text) {
        Matcher citation = CITATION.matcher(text);
        StringBuilder renumbered = new StringBuilder();
        while (citation.find()) {
            int number = order.computeIfAbsent(Integer.parseInt(citation.group(1)), first -> order.size() + 1);
            citation.appendReplacement(renumbered, "[" + number + "]");
        }
        return citation.appendTail(renumbered).toString();
    }
}
