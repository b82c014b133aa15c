package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.RecordManager.Cleanup;
import dev.flowstream.chatflow.node.Wiring;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The inputs every record manager has, checked as Flowise checks them: {@code tableName} (default
 * {@code upsertion_records}; trimmed, lower case, spaces as {@code _}, then letters, digits and
 * {@code _} only, at most 128), {@code namespace} (default the flow's id; letters, digits, {@code _}
 * and {@code -}, at most 128), {@code cleanup} ({@code none}, {@code incremental} or {@code full})
 * and {@code sourceIdKey} (default {@code source}). Immutable.
 */
record RecordInputs(String table, String namespace, Cleanup cleanup, String sourceIdKey) {

    private static final Pattern TABLE = Pattern.compile("[a-z0-9_]{1,128}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    static RecordInputs of(ExportNode node, Wiring wiring, String table) {
        node.refuseIfSet("additionalConfig");
        String name = table.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
        if (!TABLE.matcher(name).matches()) {
            throw node.failure("input tableName must be at most 128 letters, digits and _, not " + table);
        }
        String namespace = node.inputs().text("namespace").map(String::trim).orElse(wiring.flowId());
        if (node.inputs().isSet("namespace") && !NAMESPACE.matcher(namespace).matches()) {
            throw node.failure("input namespace must be at most 128 letters, digits, _ and -, not " + namespace);
        }
        String cleanup = node.inputs().text("cleanup").map(String::trim).orElse("none");
        Cleanup mode = switch (cleanup) {
            case "none" -> Cleanup.NONE;
            case "incremental" -> Cleanup.INCREMENTAL;
            case "full" -> Cleanup.FULL;
            default -> throw node.failure("input cleanup must be none, incremental or full, not " + cleanup);
        };
        return new RecordInputs(name, namespace, mode, node.inputs().text("sourceIdKey").map(String::trim).orElse("source"));
    }
}
