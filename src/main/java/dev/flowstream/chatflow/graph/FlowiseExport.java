package dev.flowstream.chatflow.graph;

import dev.flowstream.json.Json;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.NodeInputs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A chatflow as Flowise's "Export Chatflow" writes it: {@code {nodes: [{id, data: {name, label,
 * inputs, ...}}], edges: [{source, target, ...}]}}. Everything Flowise keeps for its canvas
 * (positions, anchors, params) is ignored; sticky notes are skipped. The Flowise API's stored
 * form, {@code {name, flowData: "<json string>"}}, is read as well. Immutable.
 */
public record FlowiseExport(Optional<String> name, List<ExportNode> nodes, List<Edge> edges) {

    private static final Set<String> CANVAS_ONLY = Set.of("stickyNote");

    /** A connection from an output of {@code source} to an input of {@code target}. */
    record Edge(String source, String target) {
    }

    public FlowiseExport {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public static FlowiseExport parse(String json) {
        JsonNode root = readTree(json);
        Optional<String> name = Optional.ofNullable(root.path("name").textValue()).filter(n -> !n.isBlank());
        if (root.path("flowData").isTextual()) root = readTree(root.path("flowData").textValue());
        if (!root.path("nodes").isArray()) throw new FlowLoadException("the export has no \"nodes\" array");
        Map<String, ExportNode> nodes = new LinkedHashMap<>();
        for (JsonNode node : root.path("nodes")) {
            ExportNode parsed = node(node);
            if (CANVAS_ONLY.contains(parsed.name())) continue;
            if (nodes.putIfAbsent(parsed.id(), parsed) != null) {
                throw new FlowLoadException("the export has two nodes with id " + parsed.id());
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (JsonNode edge : root.path("edges")) edges.add(edge(edge, nodes));
        return new FlowiseExport(name, List.copyOf(nodes.values()), edges);
    }

    public Optional<ExportNode> node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
    }

    /** The node whose output goes nowhere: the one that answers. There must be exactly one. */
    public ExportNode endingNode() {
        Set<String> sources = edges.stream().map(Edge::source).collect(Collectors.toSet());
        List<ExportNode> endings = nodes.stream().filter(node -> !sources.contains(node.id())).toList();
        if (endings.size() == 1) return endings.get(0);
        if (endings.isEmpty()) throw new FlowLoadException("the flow has no ending node (every node has an outgoing edge)");
        throw new FlowLoadException("the flow has " + endings.size() + " ending nodes ("
                + endings.stream().map(ExportNode::id).collect(Collectors.joining(", "))
                + "); exactly one node must have no outgoing edge");
    }

    private static ExportNode node(JsonNode node) {
        JsonNode data = node.path("data");
        String id = text(node, "id").or(() -> text(data, "id"))
                .orElseThrow(() -> new FlowLoadException("a node has no id"));
        String name = text(data, "name")
                .orElseThrow(() -> new FlowLoadException("node " + id + " has no data.name (its type)"));
        Map<String, JsonNode> inputs = new LinkedHashMap<>();
        data.path("inputs").fields().forEachRemaining(field -> inputs.put(field.getKey(), field.getValue()));
        return new ExportNode(id, name, text(data, "label").orElse(name), new NodeInputs(id, name, inputs),
                text(data, "credential"));
    }

    private static Edge edge(JsonNode edge, Map<String, ExportNode> nodes) {
        String source = text(edge, "source").orElseThrow(() -> new FlowLoadException("an edge has no source"));
        String target = text(edge, "target").orElseThrow(() -> new FlowLoadException("an edge has no target"));
        if (!nodes.containsKey(source) || !nodes.containsKey(target)) {
            throw new FlowLoadException("the edge from " + source + " to " + target + " names a node that is not in the export");
        }
        return new Edge(source, target);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.path(field).textValue()).filter(text -> !text.isBlank());
    }

    private static JsonNode readTree(String json) {
        try {
            JsonNode root = Json.reader().readTree(json);
            if (root == null || !root.isObject()) throw new FlowLoadException("the export is not a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            String where = Optional.ofNullable(e.getLocation())
                    .map(at -> " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")").orElse("");
            throw new FlowLoadException("the export is not valid JSON" + where);
        }
    }
}
