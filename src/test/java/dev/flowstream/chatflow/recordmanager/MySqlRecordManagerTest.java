package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.testing.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MySQLRecordManager against a real MariaDB (Debian's mariadb-server, a throw-away data directory). */
class MySqlRecordManagerTest extends RecordManagerScenarios {

    private static MariaDbServer mariadb;

    @BeforeAll
    static void start_mariadb() {
        mariadb = MariaDbServer.start();
    }

    @AfterAll
    static void stop_mariadb() {
        mariadb.close();
    }

    @Override
    String type() {
        return "MySQLRecordManager";
    }

    @Override
    Map<String, Object> connection(String recordTable) {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(mariadb.port()), "database", MariaDbServer.DATABASE,
                "tableName", recordTable, "user", MariaDbServer.USER);
    }

    @Test
    void the_records_are_flowise_s_rows_in_the_flow_s_namespace_and_the_store_s_table() throws Exception {
        Map<String, Object> inputs = new HashMap<>(connection("records_rows"));
        inputs.put("cleanup", "incremental");
        RecordFlows.upsert(flows.flow(type(), inputs, "store_rows"));

        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(), MariaDbServer.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT `namespace`, `group_id`, count(*), min(length(`key`)) "
                     + "FROM records_rows GROUP BY `namespace`, `group_id` ORDER BY `group_id`")) {
            StringBuilder seen = new StringBuilder();
            while (rows.next()) {
                seen.append(rows.getString(1)).append(' ').append(rows.getString(2)).append(' ').append(rows.getInt(3))
                        .append(' ').append(rows.getInt(4)).append('\n');
            }
            assertEquals("flow_store_rows honey.md 1 36\nflow_store_rows otters.md 1 36\nflow_store_rows towers.md 1 36\n",
                    seen.toString());
        }
    }

    @Test
    void a_database_that_is_down_fails_the_upsert_as_the_provider_s_failure_naming_the_node() throws Exception {
        int closed;
        try (ServerSocket unused = new ServerSocket(0)) {
            closed = unused.getLocalPort();
        }
        Map<String, Object> inputs = new HashMap<>(connection("records_down"));
        inputs.put("port", String.valueOf(closed));
        Chatflow flow = flows.flow(type(), inputs, "store_down");

        ChatflowException failure = failure(flow);

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node recordManager_0 (MySQLRecordManager) could not reach MySQL at jdbc:mariadb://127.0.0.1:" + closed
                + "/flowstream", failure.getMessage());
    }

    @Test
    void a_wrong_password_is_the_provider_s_refusal_naming_the_node() {
        Map<String, Object> inputs = new HashMap<>(connection("records_refused"));
        inputs.put("password", "wrong");
        ChatflowException failure = failure(flows.flow(type(), inputs, "store_refused"));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node recordManager_0 (MySQLRecordManager): MySQL at jdbc:mariadb://127.0.0.1:" + mariadb.port()
                + "/flowstream refused the login (SQLState 28000)", failure.getMessage());
    }
}
