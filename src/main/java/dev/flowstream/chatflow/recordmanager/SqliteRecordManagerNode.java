package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Wiring;

import java.nio.file.Path;

/**
 * Flowise's {@code SQLiteRecordManager}: records in a table of an SQLite file, as Flowise's in its
 * own database file: {@code database.sqlite} in {@code DATABASE_PATH}, else in the config
 * directory. SQLite's driver (13 MB of native libraries) stays out of the WAR: the node runs when
 * the SQLite plugin ({@link SqlitePlugin}: {@code flowstream-sqlite.jar} and the driver's JAR) is
 * in the plugins folder; else the flow's load fails saying what to put where. Stateless.
 */
final class SqliteRecordManagerNode {

    static final String NAME = "SQLiteRecordManager";

    private SqliteRecordManagerNode() {
    }

    static Object load(ExportNode node, Wiring wiring) {
        NodeType plugin = wiring.runtime().pluginType(NAME).orElseThrow(() -> node.failure(
                "needs the SQLite plugin: put flowstream-sqlite.jar and sqlite-jdbc-" + SqlitePlugin.DRIVER_VERSION
                        + ".jar (the build's target/plugins/) in " + wiring.runtime().pluginDir()));
        return plugin.loader().load(node, wiring);
    }

    /** The node, once the plugin gave SQLite's driver. */
    static SqlRecords load(ExportNode node, Wiring wiring, java.sql.Driver driver) {
        RecordInputs inputs = RecordInputs.of(node, wiring, node.inputs().text("tableName").orElse("upsertion_records"));
        Path file = wiring.runtime().env("DATABASE_PATH").map(Path::of).orElse(wiring.runtime().configDir()).resolve("database.sqlite");
        return new SqlRecords(node, SqlDialect.SQLITE, inputs, new SqliteConnections(driver, file));
    }
}
