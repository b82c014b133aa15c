package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.NodePlugin;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.sql.Driver;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The SQLite plugin: {@code flowstream-sqlite.jar} names this class as a {@link NodePlugin}, and
 * SQLite's JDBC driver lies beside it in the plugins folder. It ships in the WAR but is found only
 * through that JAR, so without the plugin {@code SQLiteRecordManager} refuses to load.
 *
 * <p>Threading: stateless; {@link #types} is called once per runtime.
 */
public final class SqlitePlugin implements NodePlugin {

    /** The sqlite-jdbc release the build copies beside the plugin. */
    static final String DRIVER_VERSION = "3.53.4.0";

    @Override
    public List<NodeType> types(ClassLoader loader) {
        return List.of(NodeType.of(SqliteRecordManagerNode.NAME, (node, wiring) -> {
            Driver driver = ServiceLoader.load(Driver.class, loader).stream().map(ServiceLoader.Provider::get)
                    .filter(SqlitePlugin::speaksSqlite).findFirst()
                    .orElseThrow(() -> node.failure("needs SQLite's JDBC driver (sqlite-jdbc-" + DRIVER_VERSION
                            + ".jar) beside flowstream-sqlite.jar in " + wiring.runtime().pluginDir()));
            return SqliteRecordManagerNode.load(node, wiring, driver);
        }, Role.RECORD_MANAGER));
    }

    private static boolean speaksSqlite(Driver driver) {
        try {
            return driver.acceptsURL("jdbc:sqlite:");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
