package dev.flowstream.chatflow.graph;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry of node types: unique names, and the README's node table lists exactly them. */
class NodeRegistryTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| ([^|]+) \\| (.+) \\|$");
    private static final Pattern NAME = Pattern.compile("`([A-Za-z0-9_]+)`");

    @Test
    void a_name_registered_twice_is_refused() {
        NodeType type = NodeType.of("same", (node, wiring) -> null, Role.PROMPT);
        assertThrows(IllegalStateException.class, () -> NodeRegistry.of(java.util.List.of(type), java.util.List.of(type)));
    }

    @Test
    void every_category_registers_its_nodes_once() {
        NodeRegistry registry = NodeRegistry.flowstream();
        assertFalse(registry.all().isEmpty());
        assertEquals(registry.all().size(), registry.all().stream().map(NodeType::name).distinct().count());
        assertTrue(registry.namesPlaying(Role.ENDING).contains("llmChain"));
    }

    @Test
    void the_readme_lists_exactly_the_registered_node_types() throws IOException {
        Set<String> registered = NodeRegistry.flowstream().all().stream().map(NodeType::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, readmeNodes(), "the README's table of supported nodes");
    }

    /** The node names of the README's "Supported nodes" table: the backticked names of its second column. */
    private static Set<String> readmeNodes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("| category | nodes |"));
        section = section.substring(0, section.indexOf("\n\n"));
        Set<String> names = new TreeSet<>();
        for (String line : section.lines().toList()) {
            Matcher row = TABLE_ROW.matcher(line.trim());
            if (!row.matches()) continue;
            Matcher name = NAME.matcher(row.group(2));
            while (name.find()) names.add(name.group(1));
        }
        return names;
    }
}
