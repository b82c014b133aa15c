package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pgvector table as the {@code postgres} node uses it, through a small connection pool opened
 * on first use (so a database that is down fails a prediction or an upsert, naming the node, not
 * the flow's load). SQL identifiers come from the node's inputs and are checked; values are bound.
 *
 * <p>Threading: thread-safe; every call blocks on the database.
 */
final class PgVectorTable implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Map<String, String> OPERATORS = Map.of("cosine", "<=>", "euclidean", "<->", "innerProduct", "<#>");
    private static final ApiKeys USER = new ApiKeys("user", "PostgresApi", "POSTGRES_VECTORSTORE_USER");
    private static final ApiKeys PASSWORD = new ApiKeys("password", "PostgresApi", "POSTGRES_VECTORSTORE_PASSWORD");
    /** pgvector's refusal to compare a stored vector with a query of another length (stored first). */
    private static final Pattern MIXED_DIMENSIONS = Pattern.compile("different vector dimensions (\\d+) and (\\d+)");

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Embedder embeddings;
    private final String url;
    private final String table;
    private final String content;
    private final String operator;
    private final StorePool pool;

    private PgVectorTable(ExportNode node, FlowRuntime runtime, Embedder embeddings, String url, String table, String content,
                          String operator) {
        this.embeddings = embeddings;
        this.node = node;
        this.runtime = runtime;
        this.url = url;
        this.table = table;
        this.content = content;
        this.operator = operator;
        this.pool = new StorePool(node, "postgres", config -> {
            config.setJdbcUrl(url);
            USER.find(node, runtime).ifPresent(config::setUsername);
            PASSWORD.find(node, runtime).ifPresent(config::setPassword);
        });
    }

    static PgVectorTable of(ExportNode node, FlowRuntime runtime, Embedder embeddings, String distance) {
        String host = setting(node, runtime, "host", "POSTGRES_VECTORSTORE_HOST")
                .orElseThrow(() -> node.failure("needs the database server in its host input"));
        String database = setting(node, runtime, "database", "POSTGRES_VECTORSTORE_DATABASE")
                .orElseThrow(() -> node.failure("needs the database name in its database input"));
        int port = port(node, setting(node, runtime, "port", "POSTGRES_VECTORSTORE_PORT").orElse("5432"));
        boolean ssl = node.inputs().flag("ssl", false);
        String table = identifier(node, "tableName", setting(node, runtime, "tableName", "POSTGRES_VECTORSTORE_TABLE_NAME").orElse("documents"));
        String content = identifier(node, "contentColumnName", node.inputs().text("contentColumnName").map(String::trim).orElse("pageContent"));
        // unnamed statements: a pooler or a server that shares one session among connections
        // (PgBouncer in transaction mode, PGlite) would see two connections' named ones collide
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database + "?prepareThreshold=0" + (ssl ? "&sslmode=require" : "");
        return new PgVectorTable(node, runtime, embeddings, url, table, content, OPERATORS.get(distance));
    }

    /** Creates the extension and the table when missing, then adds the documents with their vectors under new ids. */
    void add(List<SourceDocument> documents, List<float[]> vectors) {
        add(documents, vectors, documents.stream().map(document -> UUID.randomUUID().toString()).toList());
    }

    /** As {@link #add(List, List)}, under the ids given (UUIDs): a row of the same id is replaced. */
    void add(List<SourceDocument> documents, List<float[]> vectors, List<String> ids) {
        String insert = "INSERT INTO \"" + table + "\" (id, \"" + content + "\", metadata, embedding) VALUES (?, ?, ?::jsonb, ?::vector)"
                + " ON CONFLICT (id) DO UPDATE SET \"" + content + "\" = EXCLUDED.\"" + content + "\", metadata = EXCLUDED.metadata,"
                + " embedding = EXCLUDED.embedding";
        try (Connection connection = pool.connect(); Statement ddl = connection.createStatement();
             PreparedStatement rows = connection.prepareStatement(insert)) {
            ddl.execute("CREATE EXTENSION IF NOT EXISTS vector");
            ddl.execute("CREATE TABLE IF NOT EXISTS \"" + table + "\" (id uuid PRIMARY KEY, \"" + content
                    + "\" text, metadata jsonb, embedding vector)");
            if (!vectors.isEmpty()) Dimensions.check(node, "table " + table, storedDimensions(ddl), embeddings, vectors.get(0).length);
            for (int i = 0; i < documents.size(); i++) {
                rows.setObject(1, UUID.fromString(ids.get(i)));
                rows.setString(2, documents.get(i).pageContent());
                rows.setString(3, Json.writer().writeValueAsString(documents.get(i).metadata()));
                rows.setString(4, VendorJson.array(vectors.get(i)));
                rows.addBatch();
            }
            rows.executeBatch();
        } catch (SQLException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new ChatflowException(Kind.CHAIN, who() + " could not write a document's metadata", e);
        }
    }

    /** Deletes the rows of these ids (UUIDs); a table not created yet holds none. */
    void delete(List<String> ids) {
        try (Connection connection = pool.connect();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM \"" + table + "\" WHERE id = ANY (?::uuid[])")) {
            delete.setArray(1, connection.createArrayOf("text", ids.toArray()));
            delete.executeUpdate();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) return; // undefined table: nothing to delete
            throw failure(e);
        }
    }

    /** The table's name: what Flowise's record managers add to their namespace. */
    String name() {
        return table;
    }

    /** The {@code k} closest documents to {@code vector}, best first, among those whose metadata holds {@code filter}. */
    List<SourceDocument> nearest(float[] vector, int k, Optional<JsonNode> filter) {
        return scored(vector, k, filter).stream().map(ScoredDocument::document).toList();
    }

    /** As {@link #nearest}, each with its distance by the table's operator, as Flowise's store selects it. */
    List<ScoredDocument> scored(float[] vector, int k, Optional<JsonNode> filter) {
        String query = "SELECT \"" + content + "\", metadata::text, embedding " + operator + " ?::vector AS distance FROM \""
                + table + "\"" + (filter.isPresent() ? " WHERE metadata @> ?::jsonb" : "") + " ORDER BY distance LIMIT ?";
        try (Connection connection = pool.connect(); PreparedStatement select = connection.prepareStatement(query)) {
            int parameter = 1;
            select.setString(parameter++, VendorJson.array(vector));
            if (filter.isPresent()) select.setString(parameter++, filter.get().toString());
            select.setInt(parameter, k);
            List<ScoredDocument> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new ScoredDocument(new SourceDocument(rows.getString(1), VendorJson.metadata(rows.getString(2))), rows.getDouble(3)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The length of the vectors already in the table; a table of mixed lengths could not be searched. */
    private Optional<Integer> storedDimensions(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT vector_dims(embedding) FROM \"" + table + "\" LIMIT 1")) {
            return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private ChatflowException failure(SQLException e) {
        if (StorePool.unreachable(e)) {
            return new ChatflowException(Kind.PROVIDER, who() + " could not reach PostgreSQL at " + url.replaceFirst("\\?.*", ""), e);
        }
        // the driver's own messages may quote the statement with its values (a document's text): the server's message only
        SQLException cause = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String message = cause instanceof PSQLException server && server.getServerErrorMessage() != null
                ? server.getServerErrorMessage().getMessage() : "";
        Matcher dimensions = MIXED_DIMENSIONS.matcher(message);
        if (dimensions.find()) {
            return Dimensions.mismatch(node, "table " + table, Integer.parseInt(dimensions.group(1)), embeddings,
                    Integer.parseInt(dimensions.group(2)));
        }
        String reason = message.isEmpty() ? "" : ": " + message;
        return new ChatflowException(Kind.PROVIDER, who() + ": PostgreSQL failed (SQLState " + cause.getSQLState() + ")" + reason, e);
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }

    private static Optional<String> setting(ExportNode node, FlowRuntime runtime, String input, String variable) {
        return node.inputs().text(input).map(String::trim).or(() -> runtime.env(variable));
    }

    private static int port(ExportNode node, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) return port;
        } catch (NumberFormatException e) {
            // named below
        }
        throw node.failure("input port must be a TCP port number, not " + value);
    }

    private static String identifier(ExportNode node, String input, String value) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw node.failure("input " + input + " must be a name of letters, digits and _, not " + value);
        }
        return value;
    }
}
