package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.ChatflowException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQLiteRecordManager with the SQLite plugin the build makes ({@code target/plugins}: flowstream-sqlite.jar
 * and sqlite-jdbc) copied into the config directory's {@code plugins/}, on a real SQLite file there.
 */
class SqliteRecordManagerTest extends RecordManagerScenarios {

    private static final Path BUILT = Path.of("target", "plugins");

    @Override
    String type() {
        return "SQLiteRecordManager";
    }

    @Override
    Map<String, Object> connection(String recordTable) {
        install();
        return Map.of("tableName", recordTable);
    }

    @Test
    void the_records_are_kept_in_database_sqlite_in_the_config_directory() throws Exception {
        Map<String, Object> inputs = new HashMap<>(connection("records_file"));
        RecordFlows.upsert(flows.flow(type(), inputs, "store_file"));

        assertTrue(Files.size(configDir.resolve("database.sqlite")) > 0);
    }

    @Test
    void the_plugin_brings_the_driver_this_build_pins() {
        assertEquals(List.of("flowstream-sqlite.jar", "sqlite-jdbc-" + SqlitePlugin.DRIVER_VERSION + ".jar"), built());
    }

    @Test
    void a_database_folder_that_does_not_exist_fails_the_upsert_naming_the_node_and_the_file() {
        flows.env("DATABASE_PATH", configDir.resolve("missing").toString());
        ChatflowException failure = failure(flows.flow(type(), new HashMap<>(connection("records_missing")), "store_missing"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node recordManager_0 (SQLiteRecordManager) could not reach SQLite at "
                + configDir.resolve("missing").resolve("database.sqlite"), failure.getMessage());
    }

    private void install() {
        try {
            Files.createDirectories(configDir.resolve("plugins"));
            for (String jar : built()) Files.copy(BUILT.resolve(jar), configDir.resolve("plugins").resolve(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> built() {
        try (Stream<Path> jars = Files.list(BUILT)) {
            return jars.map(jar -> jar.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
