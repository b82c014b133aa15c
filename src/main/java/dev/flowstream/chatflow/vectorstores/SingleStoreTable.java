package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One SingleStore table as LangChain's SingleStoreVectorStore lays it out: an auto-increment id,
 * the text as utf8mb4 {@code LONGTEXT}, the vector packed by {@code JSON_ARRAY_PACK} into a
 * {@code BLOB}, the metadata as {@code JSON}; a search orders by {@code DOT_PRODUCT} with the
 * packed question, highest first, which is also the score. Spoken to with MariaDB's driver, which
 * SingleStore supports; the pool opens on first use and closes with the flow.
 *
 * <p>Threading: thread-safe; calls block on the database.
 */
final class SingleStoreTable implements AutoCloseable {

    /** Where the table is; names are checked identifiers, so they go into the SQL as they are. */
    record Location(Optional<String> host, int port, Optional<String> database, String table, String content, String vector,
                    String metadata, Optional<String> user, Optional<String> password) {
        String address() {
            return host.orElse("?") + ":" + port + "/" + database.orElse("?");
        }
    }

    private final ExportNode node;
    private final Location at;
    private final Embedder embeddings;
    private final StorePool pool;

    SingleStoreTable(ExportNode node, Location at, Embedder embeddings) {
        this.node = node;
        this.at = at;
        this.embeddings = embeddings;
        this.pool = new StorePool(node, "singlestore", config -> {
            StoreInputs.needed(node, at.host(), "host", "the SingleStore server");
            StoreInputs.needed(node, at.database(), "database", "the database name");
            config.setJdbcUrl("jdbc:mariadb://" + at.address() + "?connectTimeout=10000");
            config.setDriverClassName("org.mariadb.jdbc.Driver");
            at.user().ifPresent(config::setUsername);
            at.password().ifPresent(config::setPassword);
        });
    }

    /** Creates the table when missing and inserts each document with its vector. */
    void add(List<SourceDocument> documents, List<float[]> vectors) {
        String insert = "INSERT INTO " + at.table() + " (" + at.content() + ", " + at.vector() + ", " + at.metadata()
                + ") VALUES (?, JSON_ARRAY_PACK(?), ?)";
        try (Connection connection = pool.connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS " + at.table() + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, " + at.content()
                        + " LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, " + at.vector() + " BLOB, " + at.metadata() + " JSON)");
            }
            stored(connection).ifPresent(length -> Dimensions.check(node, holder(), Optional.of(length), embeddings, vectors.get(0).length));
            try (PreparedStatement rows = connection.prepareStatement(insert)) {
                for (int i = 0; i < documents.size(); i++) {
                    rows.setString(1, documents.get(i).pageContent());
                    rows.setString(2, VendorJson.array(vectors.get(i)));
                    rows.setString(3, Json.writer().writeValueAsString(documents.get(i).metadata()));
                    rows.addBatch();
                }
                rows.executeBatch();
            }
        } catch (SQLException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new ChatflowException(Kind.INPUT, who() + ": a document's metadata cannot be written as JSON", e);
        }
    }

    /** The {@code k} rows of the highest dot product with {@code vector}; none while the table does not exist. */
    List<ScoredDocument> search(float[] vector, int k) {
        String select = "SELECT " + at.content() + ", " + at.metadata() + ", DOT_PRODUCT(" + at.vector()
                + ", JSON_ARRAY_PACK(?)) AS __score FROM " + at.table() + " ORDER BY __score DESC LIMIT " + k;
        try (Connection connection = pool.connect()) {
            if (!exists(connection)) return List.of();
            stored(connection).ifPresent(length -> Dimensions.check(node, holder(), Optional.of(length), embeddings, vector.length));
            try (PreparedStatement query = connection.prepareStatement(select)) {
                query.setString(1, VendorJson.array(vector));
                List<ScoredDocument> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new ScoredDocument(new SourceDocument(Optional.ofNullable(rows.getString(1)).orElse(""),
                                VendorJson.metadata(rows.getString(2))), rows.getDouble(3)));
                    }
                }
                return found;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    String holder() {
        return "SingleStore table " + at.table();
    }

    @Override
    public void close() {
        pool.close();
    }

    private boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement tables = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?")) {
            tables.setString(1, at.table());
            try (ResultSet row = tables.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The length of the vectors the table holds, from one of them; empty while it holds none. */
    private Optional<Integer> stored(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT JSON_LENGTH(JSON_ARRAY_UNPACK(" + at.vector() + ")) FROM "
                     + at.table() + " LIMIT 1")) {
            return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
        }
    }

    private ChatflowException failure(SQLException e) {
        if (StorePool.unreachable(e)) {
            return new ChatflowException(Kind.PROVIDER, who() + " could not reach SingleStore at " + at.address(), e);
        }
        // the server's message names the problem; the statement and its values are not quoted in it
        return new ChatflowException(Kind.PROVIDER, who() + ": SingleStore failed (SQLState " + e.getSQLState() + "): "
                + e.getMessage().replaceFirst("^\\(conn=\\d+\\) ", ""), e);
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
