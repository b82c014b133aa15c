package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PgliteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The postgres node against a real PostgreSQL with pgvector (PGlite, started for this class, data in memory). */
class PostgresNodeTest {

    private static final List<SourceDocument> DOCUMENTS = List.of(
            new SourceDocument("Sea otters hold hands while they sleep.", Map.of("source", "otters.md")),
            new SourceDocument("The Eiffel Tower grows in summer.", Map.of("source", "towers.md")),
            new SourceDocument("Honey never spoils.", Map.of("source", "honey.md")));
    private static final Embedder EMBEDDINGS = texts -> texts.stream().map(EmbeddingStub::vector).toList();
    private static PgliteServer postgres;

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>();
    private final List<PostgresNode> nodes = new ArrayList<>();
    private FlowRuntime runtime;

    @BeforeAll
    static void start_postgres() {
        postgres = PgliteServer.start();
    }

    @AfterAll
    static void stop_postgres() {
        postgres.close();
    }

    @BeforeEach
    void start() {
        environment.put("POSTGRES_VECTORSTORE_USER", "postgres");
        environment.put("POSTGRES_VECTORSTORE_PASSWORD", "postgres");
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
    }

    @AfterEach
    void stop() {
        nodes.forEach(PostgresNode::close);
        runtime.close();
    }

    @Test
    void an_upsert_fills_flowise_s_table_and_a_question_finds_the_closest_rows() {
        assertEquals(3, load("documents_a", Map.of()).upsert(Map.of()).numAdded());

        List<SourceDocument> found = load("documents_a", Map.of("topK", "1")).retrieve("Why do sea otters hold hands?");

        assertEquals(List.of(DOCUMENTS.get(0)), found);
    }

    @Test
    void the_metadata_filter_keeps_only_matching_rows() {
        load("documents_b", Map.of()).upsert(Map.of());

        List<SourceDocument> found = load("documents_b", Map.of("pgMetadataFilter", "{\"source\": \"honey.md\"}"))
                .retrieve("Why do sea otters hold hands?");

        assertEquals(List.of(DOCUMENTS.get(2)), found);
    }

    @Test
    void embeddings_of_another_length_than_the_table_s_are_refused_naming_the_store_and_both_lengths() {
        load("documents_d", Map.of()).upsert(Map.of());
        Embedder shorter = texts -> texts.stream().map(text -> new float[] {1f, 0f, 0f}).toList();
        PostgresNode changed = load("documents_d", Map.of(), shorter);
        String expected = "node postgres_0 (postgres): table documents_d holds vectors of " + EmbeddingStub.DIMENSIONS
                + " dimensions, but the flow's embeddings node gives 3";

        ChatflowException upsert = assertThrows(ChatflowException.class, () -> changed.upsert(Map.of()));
        ChatflowException question = assertThrows(ChatflowException.class, () -> changed.retrieve("otters"));

        assertEquals(ChatflowException.Kind.CONFIGURATION, upsert.kind());
        assertEquals(expected, upsert.getMessage());
        assertEquals(expected, question.getMessage());
        assertEquals(3, load("documents_d", Map.of("topK", "10")).retrieve("otters").size(), "the refused upsert added nothing");
    }

    @Test
    void a_table_name_that_is_not_an_identifier_fails_the_load() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> load("documents; drop table x", Map.of()));
        assertEquals("node postgres_0 (postgres) input tableName must be a name of letters, digits and _, not "
                + "documents; drop table x", failure.getMessage());
    }

    @Test
    void a_port_that_is_not_a_port_number_fails_the_load() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> load("documents", Map.of("port", "54x")));
        assertEquals("node postgres_0 (postgres) input port must be a TCP port number, not 54x", failure.getMessage());
    }

    @Test
    void an_unknown_distance_strategy_fails_the_load() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> load("documents", Map.of("distanceStrategy", "manhattan")));
        assertEquals("node postgres_0 (postgres) input distanceStrategy must be cosine, euclidean or innerProduct, not manhattan",
                failure.getMessage());
    }

    @Test
    void a_database_that_is_down_is_the_provider_s_failure_naming_the_node() throws Exception {
        int closed;
        try (ServerSocket unused = new ServerSocket(0)) {
            closed = unused.getLocalPort();
        }
        PostgresNode node = load("documents_c", Map.of("port", String.valueOf(closed)));

        ChatflowException failure = assertThrows(ChatflowException.class, () -> node.retrieve("otters"));
        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node postgres_0 (postgres) could not reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed
                + "/postgres", failure.getMessage());
    }

    private PostgresNode load(String table, Map<String, Object> extra) {
        return load(table, extra, EMBEDDINGS);
    }

    private PostgresNode load(String table, Map<String, Object> extra, Embedder embeddings) {
        Map<String, Object> inputs = new HashMap<>(Map.of("host", "127.0.0.1", "port", String.valueOf(postgres.port()),
                "database", "postgres", "tableName", table));
        inputs.putAll(extra);
        DocumentLoader loader = overrides -> DOCUMENTS;
        PostgresNode node = PostgresNode.load(ProviderFixture.node("postgres_0", PostgresNode.NAME, inputs),
                new FixedWiring(runtime, loader, embeddings));
        nodes.add(node);
        return node;
    }
}
