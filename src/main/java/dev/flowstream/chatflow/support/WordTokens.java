package dev.flowstream.chatflow.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a text into word-sized tokens that keep their whitespace, so the tokens concatenated are
 * the text again ({@code "a  b\n"} gives {@code "a  "}, {@code "b\n"}). Stateless and thread-safe.
 */
public final class WordTokens {

    private static final Pattern WORD_START = Pattern.compile("(?<=\\s)(?=\\S)");

    private WordTokens() {
    }

    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>(Arrays.asList(WORD_START.split(text)));
        tokens.removeIf(String::isEmpty);
        // leading whitespace travels with the first word rather than as a token of its own
        if (tokens.size() > 1 && tokens.get(0).isBlank()) tokens.set(0, tokens.get(0) + tokens.remove(1));
        return tokens;
    }
}
