package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.RecordManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A record manager over one table of a SQL database, as Flowise's record managers keep it, so
 * Flowise and Flowstream can share it. Keys go to the database in chunks, each call on a
 * connection of its own; values are bound, the table name was checked by {@link RecordInputs}.
 *
 * <p>Threading: thread-safe; every call blocks on the database. {@link #close} closes the connections' source.
 */
final class SqlRecords implements RecordManager, AutoCloseable {

    /** Where connections come from: a pool, or a driver asked each time. */
    interface Connections extends AutoCloseable {
        Connection open() throws SQLException;

        /** A server's address for messages, without credentials. */
        String address();

        @Override
        void close();
    }

    private static final int CHUNK = 500;

    private final ExportNode node;
    private final SqlDialect dialect;
    private final RecordInputs inputs;
    private final Connections connections;

    SqlRecords(ExportNode node, SqlDialect dialect, RecordInputs inputs, Connections connections) {
        this.node = node;
        this.dialect = dialect;
        this.inputs = inputs;
        this.connections = connections;
    }

    @Override
    public Cleanup cleanup() {
        return inputs.cleanup();
    }

    @Override
    public String sourceIdKey() {
        return inputs.sourceIdKey();
    }

    @Override
    public String namespace() {
        return inputs.namespace();
    }

    @Override
    public void createSchema() {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
            for (String sql : dialect.schema(inputs.table())) statement.execute(sql);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public double time() {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(dialect.time())) {
            row.next();
            return row.getDouble(1);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<Boolean> exists(String namespace, List<String> keys) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(keys)) {
            found.addAll(keys("SELECT " + q("key") + " FROM " + q(inputs.table()) + " WHERE " + q("namespace") + " = ? AND "
                    + q("key") + " IN (" + marks(chunk.size()) + ")", namespace, chunk));
        }
        return keys.stream().map(found::contains).toList();
    }

    @Override
    public void update(String namespace, List<String> keys, List<Optional<String>> groups, List<Optional<String>> docIds,
                       double timeAtLeast) {
        if (keys.isEmpty()) return;
        double now = time();
        if (now < timeAtLeast) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": the " + dialect.product() + " clock went back during the upsert ("
                    + now + " < " + timeAtLeast + ")");
        }
        try (Connection connection = connections.open(); PreparedStatement upsert = connection.prepareStatement(dialect.upsert(inputs.table()))) {
            connection.setAutoCommit(false); // one commit for the batch, not one disk flush per record
            for (int i = 0; i < keys.size(); i++) {
                upsert.setString(1, keys.get(i));
                upsert.setString(2, namespace);
                upsert.setDouble(3, now);
                text(upsert, 4, groups.get(i));
                text(upsert, 5, docIds.get(i));
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<String> listKeys(String namespace, double before, Optional<List<String>> groups, OptionalInt limit) {
        String select = "SELECT " + q("key") + " FROM " + q(inputs.table()) + " WHERE " + q("namespace") + " = ? AND "
                + q("updated_at") + " < " + java.math.BigDecimal.valueOf(before).toPlainString();
        if (groups.isEmpty()) return keys(select + (limit.isPresent() ? " LIMIT " + limit.getAsInt() : ""), namespace, List.of());
        List<String> found = new ArrayList<>();
        for (List<String> chunk : chunks(groups.get())) {
            found.addAll(keys(select + " AND " + q("group_id") + " IN (" + marks(chunk.size()) + ")", namespace, chunk));
        }
        return found;
    }

    @Override
    public void deleteKeys(String namespace, List<String> keys) {
        for (List<String> chunk : chunks(keys)) {
            String delete = "DELETE FROM " + q(inputs.table()) + " WHERE " + q("namespace") + " = ? AND " + q("key")
                    + " IN (" + marks(chunk.size()) + ")";
            try (Connection connection = connections.open(); PreparedStatement statement = connection.prepareStatement(delete)) {
                bind(statement, namespace, chunk);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public int countKeys(String namespace) {
        String count = "SELECT count(*) FROM " + q(inputs.table()) + " WHERE " + q("namespace") + " = ?";
        try (Connection connection = connections.open(); PreparedStatement statement = connection.prepareStatement(count)) {
            statement.setString(1, namespace);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        connections.close();
    }

    private List<String> keys(String query, String namespace, List<String> values) {
        try (Connection connection = connections.open(); PreparedStatement statement = connection.prepareStatement(query)) {
            bind(statement, namespace, values);
            List<String> keys = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) keys.add(rows.getString(1));
            }
            return keys;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bind(PreparedStatement statement, String namespace, List<String> values) throws SQLException {
        statement.setString(1, namespace);
        for (int i = 0; i < values.size(); i++) statement.setString(i + 2, values.get(i));
    }

    private static void text(PreparedStatement statement, int parameter, Optional<String> value) throws SQLException {
        if (value.isPresent()) statement.setString(parameter, value.get());
        else statement.setNull(parameter, Types.VARCHAR);
    }

    private ChatflowException failure(SQLException e) {
        SQLException login = e.getCause() instanceof SQLException cause ? cause : e; // a pool's timeout wraps the refusal
        if (login.getSQLState() != null && login.getSQLState().startsWith("28")) {
            return new ChatflowException(Kind.PROVIDER, who() + ": " + dialect.product() + " at " + connections.address()
                    + " refused the login (SQLState " + login.getSQLState() + ")", e);
        }
        if (e instanceof SQLTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            return new ChatflowException(Kind.PROVIDER, who() + " could not reach " + dialect.product() + " at " + connections.address(), e);
        }
        // the values bound are hashes, namespaces and sources: a message quoting them reveals no document
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        String reason = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return new ChatflowException(Kind.PROVIDER, who() + ": " + dialect.product() + " failed on table " + inputs.table()
                + " (SQLState " + cause.getSQLState() + ")" + reason, e);
    }

    private String q(String identifier) {
        return dialect.quoted(identifier);
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        return chunks;
    }
}
