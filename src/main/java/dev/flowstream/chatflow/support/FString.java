package dev.flowstream.chatflow.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template in LangChain's f-string syntax, as Flowise's prompt nodes use it: {@code {name}} is a
 * variable, {@code {{} and {@code }}} are literal braces. A brace that opens no variable is kept
 * as text. Immutable and thread-safe.
 */
public final class FString {

    private sealed interface Part {
    }

    private record Text(String text) implements Part {
    }

    private record Variable(String name) implements Part {
    }

    private final List<Part> parts;

    private FString(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public static FString parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            boolean doubled = i + 1 < template.length() && template.charAt(i + 1) == c;
            int close = c == '{' ? template.indexOf('}', i + 1) : -1;
            if ((c == '{' || c == '}') && doubled) {
                literal.append(c);
                i += 2;
            } else if (c == '{' && close > i + 1 && isName(template.substring(i + 1, close))) {
                if (!literal.isEmpty()) parts.add(new Text(literal.toString()));
                literal.setLength(0);
                parts.add(new Variable(template.substring(i + 1, close).trim()));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) parts.add(new Text(literal.toString()));
        return new FString(parts);
    }

    private static boolean isName(String text) {
        return !text.isBlank() && text.indexOf('{') < 0;
    }

    public Set<String> variables() {
        Set<String> variables = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Variable variable) variables.add(variable.name());
        }
        return variables;
    }

    /** Fills every variable; one without a value is left empty. */
    public String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part instanceof Variable variable ? values.getOrDefault(variable.name(), "") : ((Text) part).text());
        }
        return out.toString();
    }
}
