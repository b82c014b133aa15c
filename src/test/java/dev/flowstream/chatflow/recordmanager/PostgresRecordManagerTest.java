package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.testing.PgliteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** postgresRecordManager against a real PostgreSQL (PGlite, one for the records, one for the store). */
class PostgresRecordManagerTest extends RecordManagerScenarios {

    private static PgliteServer records;

    @BeforeAll
    static void start_the_records_server() {
        records = PgliteServer.start();
    }

    @AfterAll
    static void stop_the_records_server() {
        records.close();
    }

    @Override
    String type() {
        return "postgresRecordManager";
    }

    @Override
    Map<String, Object> connection(String recordTable) {
        flows.env("POSTGRES_RECORDMANAGER_USER", "postgres");
        flows.env("POSTGRES_RECORDMANAGER_PASSWORD", "postgres");
        return Map.of("host", "127.0.0.1", "port", String.valueOf(records.port()), "database", "postgres", "tableName", recordTable);
    }

    @Test
    void incremental_cleanup_of_documents_without_their_source_key_is_a_bad_request_that_stores_nothing() throws Exception {
        Map<String, Object> inputs = new HashMap<>(connection("records_sourceless"));
        inputs.put("cleanup", "incremental");
        inputs.put("sourceIdKey", "author");
        ChatflowException failure = failure(flows.flow(type(), inputs, "store_sourceless"));

        assertEquals(ChatflowException.Kind.INPUT, failure.kind());
        assertEquals("node store_0 (postgres): a document has no author in its metadata, which cleanup incremental needs to "
                + "tell its source (the record manager's sourceIdKey)", failure.getMessage());
        assertEquals(0, flows.embedded());
    }

    @Test
    void metadata_with_a_key_indexing_keeps_for_itself_is_a_bad_request_naming_the_store() throws Exception {
        Chatflow flow = flows.flow(type(), connection("records_reserved"), "store_reserved");
        java.util.concurrent.ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> flow.upsert(Map.of("metadata", "{\"hash_\": \"x\"}"))
                        .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS));
        ChatflowException failure = (ChatflowException) thrown.getCause();

        assertEquals(ChatflowException.Kind.INPUT, failure.kind());
        assertEquals("node store_0 (postgres): a document's metadata has the key hash_, which indexing keeps for itself",
                failure.getMessage());
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
        assertEquals("node recordManager_0 (postgresRecordManager) could not reach PostgreSQL at jdbc:postgresql://127.0.0.1:"
                + closed + "/postgres", failure.getMessage());
    }
}
