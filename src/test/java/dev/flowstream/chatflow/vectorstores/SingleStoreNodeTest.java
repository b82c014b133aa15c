package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The singlestore node against a real MariaDB from Debian (SingleStore itself does not install
 * here; MariaDB speaks its wire protocol and SQL), with SingleStore's three vector functions the
 * node calls defined as stored functions of the same names: JSON_ARRAY_PACK and
 * JSON_ARRAY_UNPACK keep the JSON array (SingleStore packs it into 4-byte floats), DOT_PRODUCT sums
 * the products. The SQL the node sends is SingleStore's; the stand-in is only these three.
 */
class SingleStoreNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Apple makes phones.", Map.of("source", "apple")),
            new SourceDocument("Tesla makes cars.", Map.of("source", "tesla")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();
    private static MariaDbServer mariadb;

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>(Map.of("SINGLESTORE_USER", MariaDbServer.USER));
    private final String table = "t_" + UUID.randomUUID().toString().replace("-", "");
    private FlowRuntime runtime;

    @BeforeAll
    static void start_mariadb_with_singlestore_s_vector_functions() throws Exception {
        mariadb = MariaDbServer.start();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(), MariaDbServer.USER, "");
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE FUNCTION JSON_ARRAY_PACK(v LONGTEXT) RETURNS LONGBLOB DETERMINISTIC RETURN v");
            sql.execute("CREATE FUNCTION JSON_ARRAY_UNPACK(v LONGBLOB) RETURNS LONGTEXT DETERMINISTIC RETURN v");
            sql.execute("""
                    CREATE FUNCTION DOT_PRODUCT(a LONGBLOB, b LONGBLOB) RETURNS DOUBLE DETERMINISTIC
                    BEGIN
                      DECLARE i INT DEFAULT 0;
                      DECLARE total DOUBLE DEFAULT 0;
                      IF JSON_LENGTH(a) <> JSON_LENGTH(b) THEN
                        SIGNAL SQLSTATE '22000' SET MESSAGE_TEXT = 'Vectors have different lengths';
                      END IF;
                      WHILE i < JSON_LENGTH(a) DO
                        SET total = total + JSON_VALUE(a, CONCAT('$[', i, ']')) * JSON_VALUE(b, CONCAT('$[', i, ']'));
                        SET i = i + 1;
                      END WHILE;
                      RETURN total;
                    END""");
        }
    }

    @AfterAll
    static void stop_mariadb() {
        if (mariadb != null) mariadb.close();
    }

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    @Test
    void an_upsert_creates_the_table_as_langchain_lays_it_out_and_adds_each_document() throws Exception {
        assertEquals(2, load(Map.of()).upsert(Map.of()).numAdded());

        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(), MariaDbServer.USER, "");
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT content, JSON_LENGTH(JSON_ARRAY_UNPACK(vector)), metadata FROM " + table + " ORDER BY id")) {
            assertTrue(rows.next());
            assertEquals("Apple makes phones.", rows.getString(1));
            assertEquals(EmbeddingStub.DIMENSIONS, rows.getInt(2));
            assertEquals("{\"source\":\"apple\"}", rows.getString(3).replace(" ", ""));
            assertTrue(rows.next());
            assertEquals("Tesla makes cars.", rows.getString(1));
        }
    }

    @Test
    void a_question_returns_the_rows_of_the_highest_dot_product_with_their_metadata_and_score() {
        load(Map.of()).upsert(Map.of());

        List<SourceDocument> found = load(Map.of("topK", "1")).retrieve("Which company makes phones?");
        List<ScoredDocument> scored = load(Map.of()).scoredSearch("Which company makes phones?", 2);

        assertEquals(List.of(new SourceDocument("Apple makes phones.", Map.of("source", "apple"))), found);
        float[] question = EmbeddingStub.vector("Which company makes phones?");
        assertEquals(dot(question, EmbeddingStub.vector("Apple makes phones.")), scored.get(0).score(), 1e-4);
        assertEquals(dot(question, EmbeddingStub.vector("Tesla makes cars.")), scored.get(1).score(), 1e-4);
    }

    @Test
    void the_column_names_given_are_used_and_a_second_upsert_adds() {
        Map<String, Object> columns = Map.of("contentColumnName", "body", "vectorColumnName", "emb", "metadataColumnName", "meta");
        load(columns).upsert(Map.of());
        load(columns).upsert(Map.of());

        assertEquals(4, load(columns).scoredSearch("cars", 10).size());
        assertEquals("Tesla makes cars.", load(columns).retrieve("Which company makes cars?").get(0).pageContent());
    }

    @Test
    void a_question_before_any_upsert_finds_nothing() {
        assertEquals(List.of(), load(Map.of()).retrieve("phones"));
    }

    @Test
    void a_table_of_other_dimensions_fails_naming_both() {
        load(Map.of()).upsert(Map.of());
        Embedder narrow = texts -> texts.stream().map(text -> new float[] {1, 2, 3}).toList();

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of(), narrow).retrieve("phones"));

        assertEquals("node singlestore_0 (singlestore): SingleStore table " + table + " holds vectors of "
                + EmbeddingStub.DIMENSIONS + " dimensions, but the flow's embeddings node gives 3", failure.getMessage());
    }

    @Test
    void a_server_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        int down;
        try (ServerSocket unused = new ServerSocket(0)) {
            down = unused.getLocalPort();
        }
        int port = down;
        ChatflowException failure = assertThrows(ChatflowException.class,
                () -> load(Map.of("host", "127.0.0.1:" + port)).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node singlestore_0 (singlestore) could not reach SingleStore at 127.0.0.1:" + port + "/"
                + MariaDbServer.DATABASE, failure.getMessage());
    }

    @Test
    void a_refused_login_is_the_provider_s_failure_naming_the_node() {
        environment.put("SINGLESTORE_USER", "nobody");

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of()).upsert(Map.of()));

        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().startsWith("node singlestore_0 (singlestore)"), failure.getMessage());
    }

    @Test
    void bad_settings_fail_the_load_naming_the_input() {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("host", "db.example:99999"), "input host has a port outside 1-65535: db.example:99999",
                Map.of("host", "db example"), "input host must be a host name or host:port, not db example",
                Map.of("tableName", "docs; DROP TABLE x"), "input tableName must be letters, digits and underscores (at most 64), not docs; DROP TABLE x");
        problems.forEach((inputs, problem) -> assertEquals("node singlestore_0 (singlestore) " + problem,
                assertThrows(RuntimeException.class, () -> load(inputs)).getMessage()));
    }

    @Test
    void a_blank_server_or_database_loads_and_fails_the_request_naming_the_input() {
        assertEquals("node singlestore_0 (singlestore) needs the SingleStore server in its host input",
                assertThrows(ChatflowException.class, () -> load(Map.of("host", "")).retrieve("phones")).getMessage());
        assertEquals("node singlestore_0 (singlestore) needs the database name in its database input",
                assertThrows(ChatflowException.class, () -> load(Map.of("database", "")).upsert(Map.of())).getMessage());
    }

    private SingleStoreNode load(Map<String, Object> inputs) {
        return load(inputs, EMBEDDINGS);
    }

    private SingleStoreNode load(Map<String, Object> inputs, Embedder embeddings) {
        Map<String, Object> all = new HashMap<>(Map.of("host", "127.0.0.1:" + mariadb.port(), "database", MariaDbServer.DATABASE,
                "tableName", table));
        all.putAll(inputs);
        if (runtime != null) runtime.close();
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
        return SingleStoreNode.load(ProviderFixture.node("singlestore_0", SingleStoreNode.NAME, all),
                new FixedWiring(runtime, overrides -> DOCUMENTS, embeddings));
    }

    private static double dot(float[] a, float[] b) {
        double total = 0;
        for (int i = 0; i < a.length; i++) total += a[i] * b[i];
        return total;
    }
}
