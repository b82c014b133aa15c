package dev.flowstream.chatflow.vectorstores;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.platform.DaemonThreads;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Consumer;

/**
 * The small connection pool of a store that lives in a SQL database (pgvector, SingleStore): opened
 * on first use, so a server that is down fails the upsert or question that needs it, naming the
 * node, not the flow's load; closed with the flow, after which it opens no more.
 *
 * <p>Threading: thread-safe; {@link #close} is idempotent.
 */
final class StorePool implements AutoCloseable {

    private static final int MAX_POOL = 4;

    private final ExportNode node;
    private final String kind;
    private final Consumer<HikariConfig> connection;
    private HikariDataSource pool; // guarded by this
    private boolean closed;        // guarded by this

    /**
     * @param kind       names the pool and its threads ({@code postgres}, {@code singlestore})
     * @param connection sets the URL, driver and credentials; runs when the pool first opens
     */
    StorePool(ExportNode node, String kind, Consumer<HikariConfig> connection) {
        this.node = node;
        this.kind = kind;
        this.connection = connection;
    }

    Connection connect() throws SQLException {
        return pool().getConnection();
    }

    /** Whether the database could not be reached at all, rather than refusing a statement. */
    static boolean unreachable(SQLException e) {
        return e instanceof SQLTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) pool.close();
    }

    private synchronized HikariDataSource pool() {
        if (closed) {
            throw new ChatflowException(Kind.CHAIN, "node " + node.id() + " (" + node.name() + ") belongs to a flow that was replaced");
        }
        if (pool != null) return pool;
        HikariConfig config = new HikariConfig();
        connection.accept(config);
        config.setMaximumPoolSize(MAX_POOL);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1); // connect when asked, not now
        config.setConnectionTimeout(10_000);
        config.setPoolName("flowstream-" + kind + "-" + node.id());
        config.setThreadFactory(DaemonThreads.named("flowstream-" + kind));
        pool = new HikariDataSource(config);
        return pool;
    }
}
