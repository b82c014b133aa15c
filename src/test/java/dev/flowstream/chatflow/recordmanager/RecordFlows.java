package dev.flowstream.chatflow.recordmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PgliteServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A flow whose vector store (by default {@code postgres} on PGlite) takes a record manager: a {@code folderFiles}
 * loader over {@code <configDir>/docs}, the store's embeddings on an {@link EmbeddingStub}, a
 * retrieval chain on the fixture's OpenAI stub; and what the store's table holds.
 */
final class RecordFlows implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configDir;
    private final int storePort;
    private final FlowFixture fixture;
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final Map<String, String> environment = new HashMap<>(Map.of(
            "POSTGRES_VECTORSTORE_USER", "postgres", "POSTGRES_VECTORSTORE_PASSWORD", "postgres"));

    RecordFlows(Path configDir, PgliteServer postgres) {
        this(configDir, postgres.port());
    }

    /** For a flow that is not to reach its store: {@code storePort} where no server listens. */
    RecordFlows(Path configDir, int storePort) {
        this.configDir = configDir;
        this.storePort = storePort;
        this.fixture = new FlowFixture(configDir);
    }

    void env(String name, String value) {
        environment.put(name, value);
    }

    void file(String name, String text) {
        try {
            Files.createDirectories(configDir.resolve("docs"));
            Files.writeString(configDir.resolve("docs").resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(String name) {
        try {
            Files.delete(configDir.resolve("docs").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flow with the record manager node {@code type} of these inputs, its store in {@code table}. */
    DirectoryCatalog catalog(String type, Map<String, Object> managerInputs, String table) {
        return catalog(type, managerInputs, "postgres", Map.of("host", "127.0.0.1", "port", String.valueOf(storePort),
                "database", "postgres", "tableName", table));
    }

    /** The flow with the record manager node {@code type} and the vector store node {@code store} of these inputs. */
    DirectoryCatalog catalog(String type, Map<String, Object> managerInputs, String store, Map<String, Object> storeInputs) {
        ObjectNode export = JSON.createObjectNode();
        ArrayNode nodes = export.putArray("nodes");
        ArrayNode edges = export.putArray("edges");
        node(nodes, "folderFiles_0", "folderFiles", Map.of("folderPath", "docs", "recursive", "false"));
        node(nodes, "openAIEmbeddings_0", "openAIEmbeddings", Map.of("basepath", embeddings.openAiBaseUrl(), "openAIApiKey", "sk-test"));
        node(nodes, "recordManager_0", type, managerInputs);
        Map<String, Object> inputs = new HashMap<>(storeInputs);
        inputs.putAll(Map.of("document", JSON.createArrayNode().add("{{folderFiles_0.data.instance}}"),
                "embeddings", "{{openAIEmbeddings_0.data.instance}}", "recordManager", "{{recordManager_0.data.instance}}"));
        node(nodes, "store_0", store, inputs);
        node(nodes, "chatOpenAI_0", "chatOpenAI", Map.of("modelName", "gpt-4o-mini", "basepath", fixture.stub().baseUrl(),
                "openAIApiKey", "sk-test"));
        node(nodes, "retrievalQAChain_0", "retrievalQAChain", Map.of("model", "{{chatOpenAI_0.data.instance}}",
                "vectorStoreRetriever", "{{store_0.data.instance}}"));
        edge(edges, "folderFiles_0", "store_0");
        edge(edges, "openAIEmbeddings_0", "store_0");
        edge(edges, "recordManager_0", "store_0");
        edge(edges, "store_0", "retrievalQAChain_0");
        edge(edges, "chatOpenAI_0", "retrievalQAChain_0");
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
    }

    Chatflow flow(String type, Map<String, Object> managerInputs, String table) {
        return loaded(catalog(type, managerInputs, table));
    }

    static Chatflow loaded(DirectoryCatalog catalog) {
        return catalog.find("flow").orElseThrow(() -> new AssertionError(catalog.failures()));
    }

    static UpsertResult upsert(Chatflow flow) throws Exception {
        return flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The rows of the store's table: one per document it holds. */
    int rows(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + storePort + "/postgres",
                "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** How many texts the embeddings stub was asked to embed. */
    int embedded() {
        return embeddings.requests().stream().mapToInt(request -> request.inputs().size()).sum();
    }

    private static void node(ArrayNode nodes, String id, String type, Map<String, Object> inputs) {
        ObjectNode node = nodes.addObject().put("id", id);
        ObjectNode data = node.putObject("data").put("id", id).put("name", type).put("label", type);
        data.set("inputs", JSON.valueToTree(inputs));
    }

    private static void edge(ArrayNode edges, String source, String target) {
        edges.addObject().put("id", source + "-" + target).put("source", source).put("target", target);
    }

    @Override
    public void close() {
        fixture.close();
        embeddings.close();
    }
}
