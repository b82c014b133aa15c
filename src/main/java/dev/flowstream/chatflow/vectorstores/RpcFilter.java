package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ExportNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Flowise's {@code supabaseRPCFilter}: a chain of query-builder calls such as
 * {@code filter("metadata->>source", "eq", "a.txt").filter("metadata->page::int", "gt", 5)}, read
 * as data (never run) and sent as PostgREST's query parameters {@code column=operator.value} on
 * the search function's call. Only {@code filter} calls with PostgREST's comparison operators are
 * accepted; anything else fails the load naming the input. Immutable.
 */
record RpcFilter(List<Condition> conditions) {

    private static final Set<String> OPERATORS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "is", "in",
            "cs", "cd", "sl", "sr", "nxl", "nxr", "adj", "ov", "fts", "plfts", "phfts", "wfts");
    private static final Pattern CALL = Pattern.compile("\\G\\s*\\.?\\s*(\\w+)\\s*\\(");
    private static final Pattern ARGUMENT = Pattern.compile("\\G\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'"
            + "|(-?\\d+(?:\\.\\d+)?|true|false|null))\\s*([,)])");
    private static final String INPUT = "supabaseRPCFilter";

    /** One {@code filter(column, operator, value)}. */
    record Condition(String column, String operator, String value) {
    }

    RpcFilter {
        conditions = List.copyOf(conditions);
    }

    static RpcFilter parse(ExportNode node, String text) {
        String chain = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").strip();
        if (chain.endsWith(";")) chain = chain.substring(0, chain.length() - 1).strip();
        if (chain.startsWith("rpc.")) chain = chain.substring(4);
        List<Condition> conditions = new ArrayList<>();
        int at = 0;
        while (at < chain.length()) {
            Matcher call = CALL.matcher(chain);
            if (!call.find(at) || call.start() != at) throw invalid(node, "must be calls like filter(\"column\", \"eq\", value)");
            if (!call.group(1).equals("filter")) {
                throw invalid(node, "may only chain filter(column, operator, value) calls, not " + call.group(1));
            }
            List<String> arguments = new ArrayList<>();
            at = arguments(node, chain, call.end(), arguments);
            if (arguments.size() != 3) throw invalid(node, "has a filter call without its three arguments (column, operator, value)");
            if (!OPERATORS.contains(arguments.get(1))) throw invalid(node, "uses the operator " + arguments.get(1) + ", which PostgREST has not");
            conditions.add(new Condition(arguments.get(0), arguments.get(1), arguments.get(2)));
            while (at < chain.length() && Character.isWhitespace(chain.charAt(at))) at++;
        }
        if (conditions.isEmpty()) throw invalid(node, "holds no filter call");
        return new RpcFilter(conditions);
    }

    /** The conditions as a URL query, {@code a=eq.1&b=gt.2}, encoded. */
    String query() {
        return conditions.stream().map(condition -> encode(condition.column()) + "=" + encode(condition.operator() + "." + condition.value()))
                .collect(Collectors.joining("&"));
    }

    /** Reads the arguments of one call from {@code from} (after its parenthesis); returns where the call ends. */
    private static int arguments(ExportNode node, String chain, int from, List<String> into) {
        if (chain.startsWith(")", skipSpaces(chain, from))) return skipSpaces(chain, from) + 1;
        Matcher argument = ARGUMENT.matcher(chain);
        int at = from;
        while (true) {
            if (!argument.find(at) || argument.start() != at) {
                throw invalid(node, "has an argument that is not a quoted text, a number, true, false or null");
            }
            String quoted = argument.group(2) != null ? argument.group(2) : argument.group(3);
            into.add(quoted != null ? quoted.replaceAll("\\\\(.)", "$1") : argument.group(4));
            at = argument.end();
            if (argument.group(5).equals(")")) return at;
        }
    }

    private static int skipSpaces(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
        return at;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static RuntimeException invalid(ExportNode node, String problem) {
        return node.failure("input " + INPUT + " " + problem);
    }
}
