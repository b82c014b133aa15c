package dev.flowstream.chatflow.recordmanager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.platform.DaemonThreads;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A small connection pool to a database server, opened on first use so a server that is down
 * fails the upsert that needs it, naming the node, not the flow's load.
 *
 * <p>Threading: thread-safe; {@link #close} is idempotent, and a closed pool opens no more.
 */
final class PooledConnections implements SqlRecords.Connections {

    private static final int MAX_POOL = 2;

    private final String url;
    private final String address;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String name;
    private HikariDataSource pool; // guarded by this
    private boolean closed;        // guarded by this

    PooledConnections(String url, String address, Optional<String> user, Optional<String> password, String name) {
        this.url = url;
        this.address = address;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    @Override
    public Connection open() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) pool.close();
    }

    private synchronized HikariDataSource pool() {
        if (closed) throw new ChatflowException(ChatflowException.Kind.CHAIN, name + " belongs to a flow that was replaced");
        if (pool != null) return pool;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setMaximumPoolSize(MAX_POOL);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1); // connect when asked, not now
        config.setConnectionTimeout(10_000);
        config.setPoolName("flowstream-" + name);
        config.setThreadFactory(DaemonThreads.named("flowstream-records"));
        pool = new HikariDataSource(config);
        return pool;
    }
}
