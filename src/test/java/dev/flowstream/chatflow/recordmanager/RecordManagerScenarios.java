package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.testing.PgliteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every record manager does for a store's upsert, as Flowise's do, each against its real
 * database: a subclass says which node and which server. The store is a real pgvector table.
 */
abstract class RecordManagerScenarios {

    private static PgliteServer postgres;
    private static int tables;

    @TempDir
    Path configDir;
    RecordFlows flows;
    private String table;

    /** The record manager node's type. */
    abstract String type();

    /** Its inputs to reach its database, in table {@code recordTable}. */
    abstract Map<String, Object> connection(String recordTable);

    @BeforeAll
    static void start_postgres() {
        postgres = PgliteServer.start();
    }

    @AfterAll
    static void stop_postgres() {
        postgres.close();
    }

    @BeforeEach
    void files() {
        flows = new RecordFlows(configDir, postgres);
        table = "store_" + type().toLowerCase() + "_" + ++tables;
        flows.file("otters.md", "Sea otters hold hands while they sleep.");
        flows.file("towers.md", "The Eiffel Tower grows in summer.");
        flows.file("honey.md", "Honey never spoils.");
    }

    @AfterEach
    void close() {
        flows.close();
    }

    Chatflow flow(String cleanup) {
        Map<String, Object> inputs = new HashMap<>(connection("records_" + table));
        inputs.put("cleanup", cleanup);
        return flows.flow(type(), inputs, table);
    }

    @Test
    void a_second_upsert_of_the_same_files_skips_them_all_and_embeds_nothing() throws Exception {
        Chatflow flow = flow("none");
        UpsertResult first = RecordFlows.upsert(flow);
        int embedded = flows.embedded();

        UpsertResult second = RecordFlows.upsert(flow);

        assertEquals(List.of(3, 0, 0, 0), counts(first));
        assertEquals(3, first.addedDocs().size());
        assertEquals(List.of(0, 0, 0, 3), counts(second));
        assertEquals(List.of(), second.addedDocs());
        assertEquals(embedded, flows.embedded(), "skipped documents are not embedded again");
        assertEquals(3, flows.rows(table));
    }

    @Test
    void with_incremental_cleanup_a_changed_file_replaces_its_old_document() throws Exception {
        Chatflow flow = flow("incremental");
        RecordFlows.upsert(flow);
        flows.file("honey.md", "Honey found in tombs was still edible.");

        UpsertResult second = RecordFlows.upsert(flow);

        assertEquals(List.of(1, 1, 0, 2), counts(second));
        assertEquals("Honey found in tombs was still edible.", second.addedDocs().get(0).pageContent());
        assertEquals(3, flows.rows(table));
    }

    @Test
    void incremental_cleanup_keeps_the_documents_of_a_file_that_vanished() throws Exception {
        Chatflow flow = flow("incremental");
        RecordFlows.upsert(flow);
        flows.remove("towers.md");

        assertEquals(List.of(0, 0, 0, 2), counts(RecordFlows.upsert(flow)));
        assertEquals(3, flows.rows(table));
    }

    @Test
    void full_cleanup_deletes_the_documents_of_a_file_that_vanished() throws Exception {
        Chatflow flow = flow("full");
        RecordFlows.upsert(flow);
        flows.remove("towers.md");

        UpsertResult second = RecordFlows.upsert(flow);

        assertEquals(List.of(0, 1, 0, 2), counts(second));
        assertEquals(java.util.Optional.of(2), second.totalKeys());
        assertEquals(2, flows.rows(table));
    }

    @Test
    void without_cleanup_a_changed_file_adds_a_document_and_deletes_nothing() throws Exception {
        Chatflow flow = flow("none");
        RecordFlows.upsert(flow);
        flows.file("honey.md", "Honey found in tombs was still edible.");
        flows.remove("towers.md");

        UpsertResult second = RecordFlows.upsert(flow);

        assertEquals(List.of(1, 0, 0, 1), counts(second));
        assertEquals(java.util.Optional.of(4), second.totalKeys());
        assertEquals(4, flows.rows(table));
    }

    @Test
    void a_table_name_that_is_not_an_identifier_fails_the_load() {
        Map<String, Object> inputs = new HashMap<>(connection("records; drop table x"));
        String failure = flows.catalog(type(), inputs, table).failures().get("flow");

        assertEquals("node recordManager_0 (" + type() + ") input tableName must be at most 128 letters, digits and _, not "
                + "records; drop table x", failure);
    }

    @Test
    void a_namespace_that_is_not_a_name_fails_the_load() {
        Map<String, Object> inputs = new HashMap<>(connection("records_" + table));
        inputs.put("namespace", "a/b");
        String failure = flows.catalog(type(), inputs, table).failures().get("flow");

        assertEquals("node recordManager_0 (" + type() + ") input namespace must be at most 128 letters, digits, _ and -, not a/b",
                failure);
    }

    @Test
    void additional_connection_configuration_is_refused_at_load() {
        Map<String, Object> inputs = new HashMap<>(connection("records_" + table));
        inputs.put("additionalConfig", "{\"connectTimeout\": 1000}");
        String failure = flows.catalog(type(), inputs, table).failures().get("flow");

        assertEquals("node recordManager_0 (" + type() + ") uses additionalConfig, which Flowstream does not support yet", failure);
    }

    @Test
    void an_unknown_cleanup_mode_fails_the_load() {
        Map<String, Object> inputs = new HashMap<>(connection("records_" + table));
        inputs.put("cleanup", "everything");
        String failure = flows.catalog(type(), inputs, table).failures().get("flow");

        assertEquals("node recordManager_0 (" + type() + ") input cleanup must be none, incremental or full, not everything", failure);
    }

    /** The upsert's failure, as the upsert API answers it. */
    static ChatflowException failure(Chatflow flow) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS));
        return assertInstanceOf(ChatflowException.class, thrown.getCause());
    }

    static List<Integer> counts(UpsertResult result) {
        return List.of(result.numAdded(), result.numDeleted(), result.numUpdated(), result.numSkipped());
    }
}
