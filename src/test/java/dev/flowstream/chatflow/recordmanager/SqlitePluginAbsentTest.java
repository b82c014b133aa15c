package dev.flowstream.chatflow.recordmanager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SQLiteRecordManager without the SQLite plugin: the flow does not load, and says what to put where. */
class SqlitePluginAbsentTest {

    @Test
    void a_broken_plugin_jar_leaves_its_nodes_missing_and_the_flow_s_load_says_so() throws Exception {
        java.nio.file.Files.createDirectories(configDir.resolve("plugins"));
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(configDir.resolve("plugins").resolve("broken.jar")))) {
            jar.putNextEntry(new java.util.jar.JarEntry("META-INF/services/dev.flowstream.chatflow.node.NodePlugin"));
            jar.write("com.example.NoSuchPlugin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (RecordFlows flows = new RecordFlows(configDir, 1)) {
            flows.file("honey.md", "Honey never spoils.");
            String failure = flows.catalog("SQLiteRecordManager", Map.of(), "store").failures().get("flow");

            assertEquals(true, failure.startsWith("node recordManager_0 (SQLiteRecordManager) needs the SQLite plugin"), failure);
        }
    }

    @TempDir
    Path configDir;

    @Test
    void a_flow_using_sqlite_records_without_the_plugin_fails_its_load_naming_the_jars_and_the_folder() {
        // the store is never reached: the load fails first
        try (RecordFlows flows = new RecordFlows(configDir, 1)) {
            flows.file("honey.md", "Honey never spoils.");
            String failure = flows.catalog("SQLiteRecordManager", Map.of(), "store").failures().get("flow");

            assertEquals("node recordManager_0 (SQLiteRecordManager) needs the SQLite plugin: put flowstream-sqlite.jar and "
                    + "sqlite-jdbc-" + SqlitePlugin.DRIVER_VERSION + ".jar (the build's target/plugins/) in "
                    + configDir.toRealPath().resolve("plugins"), failure);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
