package dev.flowstream.chatflow.recordmanager;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Connections to an SQLite file, each opened by the driver itself: the driver lives in the plugins'
 * class loader, where {@link java.sql.DriverManager} would not hand it to the WAR's classes. A busy
 * file is waited on for up to 10 s (two upserts at once). Stateless.
 */
final class SqliteConnections implements SqlRecords.Connections {

    private final Driver driver;
    private final Path file;

    SqliteConnections(Driver driver, Path file) {
        this.driver = driver;
        this.file = file;
    }

    @Override
    public Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", "10000");
        Connection connection;
        try {
            connection = driver.connect("jdbc:sqlite:" + file, properties);
        } catch (SQLException e) {
            throw new SQLException("could not open " + file, "08001", e); // a file that cannot be opened is a server that is down
        }
        if (connection == null) throw new SQLException("the SQLite plugin's driver does not take jdbc:sqlite: addresses", "08001");
        return connection;
    }

    @Override
    public String address() {
        return file.toString();
    }

    @Override
    public void close() {
        // nothing stays open between calls
    }
}
