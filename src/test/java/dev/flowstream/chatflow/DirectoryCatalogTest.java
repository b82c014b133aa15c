package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading a directory of exports: what loads, what fails and why, and what close() stops. */
class DirectoryCatalogTest {

    @TempDir
    Path configDir;

    @Test
    void an_unknown_node_type_fails_that_flow_naming_node_and_type_while_the_others_load() {
        ConfigDirs.doc(configDir, "guide.md", "Flowstream streams tokens.");
        ConfigDirs.write(configDir, "docs-bot", ConfigDirs.shipped("local-docs"));
        ObjectNode withTool = ConfigDirs.shipped("openai-chat");
        ((ObjectNode) withTool.path("nodes").get(1).path("data")).put("name", "unknownVendorTool");
        ConfigDirs.write(configDir, "tool-bot", withTool);

        try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
            assertEquals(List.of("docs-bot"), catalog.all().stream().map(Chatflow::id).toList());
            assertEquals(Map.of("tool-bot", "node chatOpenAI_0 has type unknownVendorTool, which Flowstream does not support"),
                    catalog.failures());
            assertTrue(catalog.find("tool-bot").isEmpty());
        }
    }

    @Test
    void an_input_moderation_that_is_no_moderation_is_refused_at_load_naming_it() {
        ObjectNode export = ConfigDirs.withInputs(ConfigDirs.shipped("openai-chat"), "llmChain_0",
                Map.of("inputModeration", List.of("{{promptTemplate_0.data.instance}}")));
        ConfigDirs.write(configDir, "moderated", export);

        try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
            assertEquals("node llmChain_0 (llmChain) input inputModeration is connected to node promptTemplate_0 of type "
                    + "promptTemplate; Flowstream supports only an input moderation there "
                    + "(inputModerationOpenAI, inputModerationSimple)",
                    catalog.failures().get("moderated"));
        }
    }

    @Test
    void a_model_node_cannot_end_a_flow() {
        ConfigDirs.write(configDir, "bare", """
                {"nodes": [{"id": "chatOpenAI_0", "data": {"id": "chatOpenAI_0", "name": "chatOpenAI",
                  "label": "ChatOpenAI", "inputs": {"modelName": "gpt-4o-mini"}}}], "edges": []}""");

        try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
            String reason = catalog.failures().get("bare");
            assertTrue(reason.startsWith("node chatOpenAI_0 (chatOpenAI) is the ending node"), reason);
        }
    }

    @Test
    void flows_are_listed_by_file_name_in_order_and_unknown_ids_are_empty() {
        ConfigDirs.doc(configDir, "guide.md", "Flowstream streams tokens.");
        ConfigDirs.write(configDir, "zeta", ConfigDirs.shipped("local-docs"));
        ConfigDirs.write(configDir, "alpha", ConfigDirs.shipped("local-docs"));

        try (DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null)) {
            assertEquals(List.of("alpha", "zeta"), catalog.all().stream().map(Chatflow::id).toList());
            assertEquals("alpha", catalog.find("alpha").orElseThrow().name());
            assertTrue(catalog.find("missing").isEmpty());
            assertTrue(catalog.find(null).isEmpty());
        }
    }

    @Test
    void the_shipped_configuration_loads_without_failures() {
        try (DirectoryCatalog catalog = DirectoryCatalog.open(ConfigDirs.SHIPPED, ConfigDirs.settings())) {
            assertEquals(Map.of(), catalog.failures());
            assertEquals(List.of("local-docs", "openai-chat"), catalog.all().stream().map(Chatflow::id).toList());
            assertTrue(catalog.find("local-docs").orElseThrow().streamable());
            assertTrue(catalog.find("openai-chat").orElseThrow().streamable());
        }
    }

    @Test
    void a_missing_config_directory_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> DirectoryCatalog.open(configDir.resolve("nowhere"), ConfigDirs.settings()));
    }

    @Test
    void close_stops_the_watchdog_thread_and_can_be_called_twice() throws Exception {
        ConfigDirs.doc(configDir, "guide.md", "Flowstream streams tokens.");
        ConfigDirs.write(configDir, "docs-bot", ConfigDirs.shipped("local-docs"));
        List<Thread> othersBefore = ownedThreads(); // catalogs other tests left open are not this one's
        DirectoryCatalog catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null);
        catalog.find("docs-bot").orElseThrow().run(FlowRequest.of("tokens"), new RecordingSink())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Thread> owned = ownedThreads().stream().filter(thread -> !othersBefore.contains(thread)).toList();
        assertFalse(owned.isEmpty(), "the catalog runs its answers on its own threads");

        catalog.close();
        catalog.close();

        for (Thread thread : owned) thread.join(5_000);
        assertTrue(owned.stream().noneMatch(Thread::isAlive), "still alive: " + owned);
        assertTrue(catalog.all().isEmpty());
    }

    private static List<Thread> ownedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("flowstream-chatflow-"))
                .filter(Thread::isAlive)
                .toList();
    }
}
