package dev.flowstream.chatflow.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.node.NodeType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flowise's own node definitions (extracted from flowise-components 3.1.2 and 1.8.6 into
 * {@code src/test/resources/flowise/node-definitions.json} by {@code src/test/js/flowise-definitions.mjs})
 * are the source of truth: every registered node type has a Flowise name, sits in the category
 * package where Flowise keeps it, and reads only inputs Flowise's node has. A mismatch is a bug: an
 * export that uses the real name or input would not load or would be read wrong.
 */
class FlowiseDefinitionsTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/flowstream/chatflow");
    /** Flowstream's own nodes, not Flowise's. */
    private static final Set<String> OWN = Set.of("flowstreamLocalAnswer", "flowstreamLuceneRetriever");
    /** Names from Flowise releases older than the definitions, kept so older exports load. */
    private static final Map<String, String> LEGACY = Map.of(
            "openAIFunctionAgent", "Flowise before 1.8 (replaced there by toolAgent)");
    /** Inputs Flowstream reads beyond a node's definition, each for a documented reason. */
    private static final Map<String, Set<String>> EXTENSIONS = Map.ofEntries(
            Map.entry("chatAnthropic", Set.of("basepath")), // a gateway or a test server (README)
            Map.entry("inputModerationOpenAI", Set.of("basepath")), // the same, for OpenAI's moderation endpoint
            Map.entry("replicate", Set.of("basepath")), // the same, for Replicate's API
            Map.entry("cohereEmbeddings", Set.of("basepath")), // the same, for the embeddings APIs Flowise has no address for
            Map.entry("jinaEmbeddings", Set.of("basepath")),
            Map.entry("togetherAIEmbedding", Set.of("basepath")),
            Map.entry("googleGenerativeAiEmbeddings", Set.of("basepath")),
            Map.entry("cohereRerankRetriever", Set.of("basepath")), // the same, for both rerank APIs (voyageAIRerankRetriever shares the class)
            Map.entry("chatAnthropic_LlamaIndex", Set.of("basepath")), // the same
            Map.entry("azureChatOpenAI_LlamaIndex", Set.of("basepath")), // the same; azureChatOpenAI has it
            Map.entry("azureOpenAIEmbeddingsLlamaIndex", Set.of("basepath")), // the same; azureOpenAIEmbeddings has it
            Map.entry("openAIFunctionAgent", Set.of("systemMessage", "systemMessagePrompt")), // its inputs in older Flowise
            Map.entry("toolAgent", Set.of("systemMessagePrompt"))); // openAIFunctionAgent's name for it, read by the same class
    /** The calls through which a node reads an input or a reference, with the input's name first. */
    private static final Pattern READS = Pattern.compile("(?:\\.(?:text|verbatim|integer|number|flag|json|isSet|reference|references"
            + "|refuseIfSet)|(?:required|optional|all)\\(node,)\\(?\\s*\"([A-Za-z_]+)\"");
    private static final Pattern REGISTERED = Pattern.compile("NodeType\\.of\\((\\w+)\\.(\\w+)");

    private static Map<String, JsonNode> definitions;

    @BeforeAll
    static void read_the_definitions() throws IOException {
        try (InputStream in = FlowiseDefinitionsTest.class.getResourceAsStream("/flowise/node-definitions.json")) {
            JsonNode packages = new ObjectMapper().readTree(in).path("packages");
            definitions = new HashMap<>();
            // older first, so the newer definition of a node wins
            List.of("flowise-components@1.8.6", "flowise-components@3.1.2").forEach(version ->
                    packages.path(version).properties().forEach(node -> definitions.put(node.getKey(), node.getValue())));
        }
    }

    @Test
    void every_registered_node_has_its_flowise_name() {
        Set<String> unknown = new TreeSet<>();
        for (NodeType type : NodeRegistry.flowstream().all()) {
            if (!OWN.contains(type.name()) && !LEGACY.containsKey(type.name()) && !definitions.containsKey(type.name())) {
                unknown.add(type.name());
            }
        }
        assertEquals(Set.of(), unknown, "registered under a name Flowise does not use");
    }

    @Test
    void every_node_sits_in_the_package_of_its_flowise_category() throws IOException {
        Map<String, String> misplaced = new TreeMap<>();
        for (Registration registration : registrations()) {
            Optional.ofNullable(definitions.get(registration.name())).map(def -> def.path("file").asText())
                    .filter(file -> !file.startsWith(registration.category() + "/"))
                    .ifPresent(file -> misplaced.put(registration.name(), "in " + registration.category() + ", Flowise: " + file));
        }
        assertEquals(Map.of(), misplaced);
    }

    @Test
    void every_node_reads_only_inputs_its_flowise_definition_has() throws IOException {
        Map<String, Set<String>> byClass = new TreeMap<>();
        for (Registration registration : registrations()) {
            if (OWN.contains(registration.name())) continue;
            Set<String> allowed = byClass.computeIfAbsent(registration.source().toString(), source -> new TreeSet<>());
            JsonNode def = definitions.get(registration.name());
            if (def != null) def.path("inputs").forEach(input -> allowed.add(input.path("name").asText()));
            allowed.addAll(EXTENSIONS.getOrDefault(registration.name(), Set.of()));
        }
        Map<String, Set<String>> unknown = new TreeMap<>();
        for (Map.Entry<String, Set<String>> source : byClass.entrySet()) {
            Matcher read = READS.matcher(Files.readString(Path.of(source.getKey())));
            while (read.find()) {
                if (!source.getValue().contains(read.group(1))) {
                    unknown.computeIfAbsent(source.getKey(), key -> new TreeSet<>()).add(read.group(1));
                }
            }
        }
        assertEquals(Map.of(), unknown, "inputs read that Flowise's node does not have");
    }

    /** A node type as its category registers it: its name, the category package, the class that loads it. */
    private record Registration(String name, String category, Path source) {
    }

    private static List<Registration> registrations() throws IOException {
        List<Registration> found = new java.util.ArrayList<>();
        try (Stream<Path> lists = Files.walk(SOURCES)) {
            for (Path list : lists.filter(file -> file.getFileName().toString().endsWith("Nodes.java")).toList()) {
                Matcher entry = REGISTERED.matcher(Files.readString(list));
                while (entry.find()) {
                    Path source = list.resolveSibling(entry.group(1) + ".java");
                    Matcher constant = Pattern.compile("static final String " + entry.group(2) + " = \"([^\"]+)\"")
                            .matcher(Files.readString(source));
                    if (!constant.find()) throw new IllegalStateException("no constant " + entry.group(2) + " in " + source);
                    found.add(new Registration(constant.group(1), list.getParent().getFileName().toString(), source));
                }
            }
        }
        return found;
    }
}
