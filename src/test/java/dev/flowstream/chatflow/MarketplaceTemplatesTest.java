package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chatflow templates Flowise ships in its marketplace (flowise 3.1.4 and 1.8.4, unpacked into
 * {@code target/flowise-templates} by {@code src/test/js/flowise-templates.mjs} before the tests),
 * dropped into a catalog as a user would: the ones Flowstream supports load, and every other one is
 * refused with a reason that names a node, never an internal error. The report of which load and
 * what the others miss is written to {@code target/flowise-templates/report.md}.
 */
class MarketplaceTemplatesTest {

    private static final Path TEMPLATES = Path.of("target/flowise-templates");
    private static final Pattern MISSING = Pattern.compile("has type (\\S+), which Flowstream does not support");
    private static final Pattern NAMED = Pattern.compile("^(node \\S+|the (export|flow|edge))");
    /** Templates that load today; the list only grows. */
    private static final Set<String> LOADING = Set.of(
            "flowise@1.8.4/Conversation Chain", "flowise@1.8.4/Conversational Retrieval QA Chain", "flowise@1.8.4/LLM Chain",
            "flowise@1.8.4/Local QnA", "flowise@1.8.4/Multi Prompt Chain", "flowise@1.8.4/Multi Retrieval QA Chain",
            "flowise@1.8.4/Multiple Documents QnA", "flowise@1.8.4/Query Engine", "flowise@1.8.4/Simple Chat Engine", "flowise@1.8.4/SubQuestion Query Engine",
            "flowise@1.8.4/Translator", "flowise@1.8.4/WebPage QnA", "flowise@1.8.4/Flowise Docs QnA", "flowise@1.8.4/Vectara RAG Chain",
            "flowise@1.8.4/Input Moderation", "flowise@3.1.4/Input Moderation",
            "flowise@1.8.4/HuggingFace LLM Chain", "flowise@3.1.4/HuggingFace LLM Chain",
            "flowise@1.8.4/Replicate LLM", "flowise@3.1.4/Replicate LLM",
            "flowise@1.8.4/Context Chat Engine", "flowise@3.1.4/Context Chat Engine",
            "flowise@1.8.4/Conversational Agent", "flowise@1.8.4/ReAct Agent", "flowise@1.8.4/Multiple VectorDB",
            "flowise@3.1.4/Conversational Agent", "flowise@3.1.4/ReAct Agent", "flowise@3.1.4/Tool Agent",
            "flowise@1.8.4/Prompt Chaining", "flowise@1.8.4/Transcript Summarization", "flowise@1.8.4/Antonym", "flowise@1.8.4/Prompt Chaining with VectorStore",
            "flowise@3.1.4/Conversation Chain", "flowise@3.1.4/Conversational Retrieval QA Chain", "flowise@3.1.4/LLM Chain",
            "flowise@3.1.4/Local QnA", "flowise@3.1.4/Multiple Documents QnA", "flowise@3.1.4/Query Engine",
            "flowise@3.1.4/Simple Chat Engine", "flowise@3.1.4/SubQuestion Query Engine", "flowise@3.1.4/Github Docs QnA",
            "flowise@3.1.4/Prompt Chaining",

            "flowise@1.8.4/Structured Output Parser", "flowise@1.8.4/List Output Parser", "flowise@3.1.4/List Output Parser",
            "flowise@1.8.4/Advanced Structured Output Parser", "flowise@3.1.4/Advanced Structured Output Parser");

    @TempDir
    Path configs;
    private final List<DirectoryCatalog> catalogs = new ArrayList<>();

    @AfterEach
    void close_catalogs() {
        catalogs.forEach(DirectoryCatalog::close);
    }

    @Test
    void templates_load_or_are_refused_naming_a_node() throws IOException {
        assertTrue(Files.isDirectory(TEMPLATES), "no " + TEMPLATES + ": the build unpacks it before the tests "
                + "(node src/test/js/flowise-templates.mjs --out " + TEMPLATES + ")");
        Map<String, String> outcomes = new TreeMap<>();
        try (Stream<Path> versions = Files.list(TEMPLATES)) {
            for (Path version : versions.filter(Files::isDirectory).sorted().toList()) outcomes.putAll(load(version));
        }
        Files.writeString(TEMPLATES.resolve("report.md"), report(outcomes));
        System.out.print(report(outcomes));

        Set<String> loaded = new TreeSet<>();
        Map<String, String> internal = new TreeMap<>();
        outcomes.forEach((template, outcome) -> {
            if (outcome.isEmpty()) loaded.add(template);
            else if (!NAMED.matcher(outcome).find()) internal.put(template, outcome);
        });
        assertEquals(Map.of(), internal, "refusals that do not name what is wrong");
        assertTrue(loaded.containsAll(LOADING), "templates that loaded before and do not now: "
                + LOADING.stream().filter(t -> !loaded.contains(t)).toList());
    }

    /** Each template of one version: "" when it loaded, else the catalog's reason. */
    private Map<String, String> load(Path version) throws IOException {
        Path config = Files.createDirectories(configs.resolve(version.getFileName().toString()).resolve("chatflows"));
        try (Stream<Path> templates = Files.list(version)) {
            for (Path template : templates.filter(file -> file.toString().endsWith(".json")).toList()) {
                Files.copy(template, config.resolve(template.getFileName()));
            }
        }
        DirectoryCatalog catalog = DirectoryCatalog.open(config.getParent(), ConfigDirs.settings(), name -> null);
        catalogs.add(catalog);
        Map<String, String> outcomes = new TreeMap<>();
        catalog.all().forEach(flow -> outcomes.put(version.getFileName() + "/" + flow.id(), ""));
        catalog.failures().forEach((id, why) -> outcomes.put(version.getFileName() + "/" + id, why));
        return outcomes;
    }

    private static String report(Map<String, String> outcomes) {
        long loaded = outcomes.values().stream().filter(String::isEmpty).count();
        StringBuilder report = new StringBuilder("# Flowise marketplace templates in Flowstream\n\n")
                .append(loaded).append(" of ").append(outcomes.size()).append(" load.\n\n")
                .append("| template | outcome |\n| --- | --- |\n");
        outcomes.forEach((template, outcome) -> {
            Matcher missing = MISSING.matcher(outcome);
            String shown = outcome.isEmpty() ? "loads" : missing.find() ? "misses `" + missing.group(1) + "`" : outcome;
            report.append("| ").append(template).append(" | ").append(shown.replace("|", "\\|")).append(" |\n");
        });
        return report.toString();
    }
}
