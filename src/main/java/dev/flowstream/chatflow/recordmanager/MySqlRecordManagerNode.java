package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;

/**
 * Flowise's {@code MySQLRecordManager}: records in a MySQL or MariaDB table ({@link SqlRecords}),
 * through MariaDB's JDBC driver. Connection: {@code host}, {@code port} (3306), {@code database},
 * the user and password of the {@code MySQLApi} credential. Stateless.
 */
final class MySqlRecordManagerNode {

    static final String NAME = "MySQLRecordManager";
    private static final ApiKeys USER = new ApiKeys("user", "MySQLApi", "MYSQL_RECORDMANAGER_USER");
    private static final ApiKeys PASSWORD = new ApiKeys("password", "MySQLApi", "MYSQL_RECORDMANAGER_PASSWORD");

    private MySqlRecordManagerNode() {
    }

    static SqlRecords load(ExportNode node, Wiring wiring) {
        String host = node.inputs().text("host").map(String::trim)
                .orElseThrow(() -> node.failure("needs the database server in its host input"));
        String database = node.inputs().text("database").map(String::trim)
                .orElseThrow(() -> node.failure("needs the database name in its database input"));
        int port = Servers.port(node, node.inputs().text("port").map(String::trim).orElse("3306"));
        RecordInputs inputs = RecordInputs.of(node, wiring, node.inputs().text("tableName").orElse("upsertion_records"));
        String address = "jdbc:mariadb://" + host + ":" + port + "/" + database;
        String url = address + "?connectTimeout=10000";
        return new SqlRecords(node, SqlDialect.MYSQL, inputs, new PooledConnections(url, address,
                USER.find(node, wiring.runtime()), PASSWORD.find(node, wiring.runtime()), "mysql-records-" + node.id()));
    }
}
