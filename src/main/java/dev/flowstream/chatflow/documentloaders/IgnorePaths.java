package dev.flowstream.chatflow.documentloaders;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Paths to leave out, written as lines of a {@code .gitignore} (what Flowise's GitHub loader takes
 * in its {@code ignorePath} input): {@code *} and {@code ?} within a name, {@code **} across
 * folders, {@code [...]} classes, {@code !} to take a path back, a trailing {@code /} for folders
 * only, a leading or inner {@code /} to anchor the pattern at the root, otherwise it matches at any
 * depth. Case is ignored, as Flowise's matcher does by default. A path inside an ignored folder
 * stays ignored, as in git.
 *
 * <p>Threading: an immutable value.
 */
record IgnorePaths(List<Rule> rules) {

    static final IgnorePaths NONE = new IgnorePaths(List.of());

    /** One pattern: what it matches, whether it takes paths back, whether it matches folders only. */
    record Rule(Pattern pattern, boolean negated, boolean foldersOnly) {
    }

    IgnorePaths {
        rules = List.copyOf(rules);
    }

    static IgnorePaths of(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String pattern = line.replaceAll("(?<!\\\\)\\s+$", "");
            if (pattern.isEmpty() || pattern.startsWith("#")) continue;
            boolean negated = pattern.startsWith("!");
            if (negated) pattern = pattern.substring(1);
            boolean foldersOnly = pattern.endsWith("/");
            if (foldersOnly) pattern = pattern.substring(0, pattern.length() - 1);
            boolean anchored = pattern.contains("/");
            if (pattern.startsWith("/")) pattern = pattern.substring(1);
            if (pattern.isEmpty()) continue;
            String regex = (anchored ? "" : "(?:.*/)?") + glob(pattern);
            rules.add(new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), negated, foldersOnly));
        }
        return new IgnorePaths(rules);
    }

    /** Whether the file at {@code path} (folders separated by {@code /}, no leading slash) is left out. */
    boolean ignores(String path) {
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) > 0) {
            if (verdict(path.substring(0, slash), true)) return true;
        }
        return verdict(path, false);
    }

    /** The last matching rule decides. */
    private boolean verdict(String path, boolean folder) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (rule.foldersOnly() && !folder) continue;
            if (rule.pattern().matcher(path).matches()) ignored = !rule.negated();
        }
        return ignored;
    }

    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                boolean folders = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                regex.append(folders ? "(?:.*/)?" : ".*");
                i += folders ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[' && pattern.indexOf(']', i + 2) > 0) {
                int close = pattern.indexOf(']', i + 2);
                String members = pattern.substring(i + 1, close);
                if (members.startsWith("!")) members = "^" + members.substring(1);
                regex.append('[').append(members.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = close;
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
