package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;

import java.util.Optional;

/**
 * Flowise's {@code postgresRecordManager}: records in a PostgreSQL table ({@link SqlRecords}).
 * Connection: {@code host}, {@code port} (5432), {@code database}, {@code ssl}, the user and
 * password of the {@code PostgresApi} credential, each also from Flowise's
 * {@code POSTGRES_RECORDMANAGER_*} variables; {@code tableName} also from
 * {@code POSTGRES_RECORDMANAGER_TABLE_NAME}. Stateless.
 */
final class PostgresRecordManagerNode {

    static final String NAME = "postgresRecordManager";
    private static final ApiKeys USER = new ApiKeys("user", "PostgresApi", "POSTGRES_RECORDMANAGER_USER");
    private static final ApiKeys PASSWORD = new ApiKeys("password", "PostgresApi", "POSTGRES_RECORDMANAGER_PASSWORD");

    private PostgresRecordManagerNode() {
    }

    static SqlRecords load(ExportNode node, Wiring wiring) {
        FlowRuntime runtime = wiring.runtime();
        String host = setting(node, runtime, "host", "POSTGRES_RECORDMANAGER_HOST")
                .orElseThrow(() -> node.failure("needs the database server in its host input"));
        String database = setting(node, runtime, "database", "POSTGRES_RECORDMANAGER_DATABASE")
                .orElseThrow(() -> node.failure("needs the database name in its database input"));
        int port = Servers.port(node, setting(node, runtime, "port", "POSTGRES_RECORDMANAGER_PORT").orElse("5432"));
        boolean ssl = node.inputs().isSet("ssl") ? node.inputs().flag("ssl", false)
                : runtime.env("POSTGRES_RECORDMANAGER_SSL").map(Boolean::parseBoolean).orElse(false);
        RecordInputs inputs = RecordInputs.of(node, wiring,
                setting(node, runtime, "tableName", "POSTGRES_RECORDMANAGER_TABLE_NAME").orElse("upsertion_records"));
        String address = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        // unnamed statements: a pooler sharing one session among connections would see named ones collide
        String url = address + "?prepareThreshold=0" + (ssl ? "&sslmode=require" : "");
        return new SqlRecords(node, SqlDialect.POSTGRES, inputs, new PooledConnections(url, address,
                USER.find(node, runtime), PASSWORD.find(node, runtime), "postgres-records-" + node.id()));
    }

    private static Optional<String> setting(ExportNode node, FlowRuntime runtime, String input, String variable) {
        return node.inputs().text(input).map(String::trim).or(() -> runtime.env(variable));
    }
}
