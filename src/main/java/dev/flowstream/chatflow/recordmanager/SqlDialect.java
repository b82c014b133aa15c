package dev.flowstream.chatflow.recordmanager;

import java.util.List;

/**
 * The SQL that differs between the databases Flowise's record managers use, for the table they
 * share ({@code uuid, key, namespace, updated_at, group_id, doc_id}, unique on key and namespace).
 * Times keep fractions of a second (Flowise's MySQL and SQLite managers keep whole seconds, so two
 * upserts within one second could not tell old records from new). Table names are checked before
 * they reach here. Immutable.
 */
enum SqlDialect {

    POSTGRES("PostgreSQL", '"', "SELECT EXTRACT(EPOCH FROM clock_timestamp())::double precision",
            "ON CONFLICT (key, namespace) DO UPDATE SET updated_at = EXCLUDED.updated_at, doc_id = EXCLUDED.doc_id") {
        @Override
        List<String> schema(String table) {
            return List.of("CREATE TABLE IF NOT EXISTS \"" + table + "\" (uuid UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                            + "key TEXT NOT NULL, namespace TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL, group_id TEXT, "
                            + "doc_id TEXT, UNIQUE (key, namespace))",
                    "ALTER TABLE \"" + table + "\" ADD COLUMN IF NOT EXISTS doc_id TEXT",
                    "CREATE INDEX IF NOT EXISTS \"" + table + "_updated_at_index\" ON \"" + table + "\" (namespace, updated_at)",
                    "CREATE INDEX IF NOT EXISTS \"" + table + "_group_id_index\" ON \"" + table + "\" (group_id)");
        }
    },
    MYSQL("MySQL", '`', "SELECT UNIX_TIMESTAMP(NOW(6))",
            "ON DUPLICATE KEY UPDATE `updated_at` = VALUES(`updated_at`), `doc_id` = VALUES(`doc_id`)") {
        @Override
        List<String> schema(String table) {
            return List.of("CREATE TABLE IF NOT EXISTS `" + table + "` (`uuid` varchar(36) PRIMARY KEY DEFAULT (UUID()), "
                    + "`key` varchar(255) NOT NULL, `namespace` varchar(255) NOT NULL, `updated_at` DOUBLE PRECISION NOT NULL, "
                    + "`group_id` longtext, `doc_id` longtext, UNIQUE KEY `unique_key_namespace` (`key`, `namespace`), "
                    + "KEY `updated_at_index` (`updated_at`))");
        }
    },
    SQLITE("SQLite", '"', "SELECT (julianday('now') - 2440587.5) * 86400.0",
            "ON CONFLICT (key, namespace) DO UPDATE SET updated_at = excluded.updated_at, doc_id = excluded.doc_id") {
        @Override
        List<String> schema(String table) {
            return List.of("CREATE TABLE IF NOT EXISTS \"" + table + "\" (uuid TEXT PRIMARY KEY DEFAULT (lower(hex(randomblob(16)))), "
                            + "key TEXT NOT NULL, namespace TEXT NOT NULL, updated_at REAL NOT NULL, group_id TEXT, doc_id TEXT, "
                            + "UNIQUE (key, namespace))",
                    "CREATE INDEX IF NOT EXISTS \"" + table + "_updated_at_index\" ON \"" + table + "\" (namespace, updated_at)");
        }
    };

    private final String product;
    private final char quote;
    private final String time;
    private final String onConflict;

    SqlDialect(String product, char quote, String time, String onConflict) {
        this.product = product;
        this.quote = quote;
        this.time = time;
        this.onConflict = onConflict;
    }

    /** The statements that create the table and its indexes when missing. */
    abstract List<String> schema(String table);

    /** The database's name in messages. */
    String product() {
        return product;
    }

    /** A query of one row and column: seconds since the epoch, with a fraction. */
    String time() {
        return time;
    }

    /** An identifier quoted ({@code key} is a reserved word in MySQL). */
    String quoted(String identifier) {
        return quote + identifier + quote;
    }

    /** Inserts one record, or on a record of that key refreshes its time and docId (its group stays, as Flowise's). */
    String upsert(String table) {
        return "INSERT INTO " + quoted(table) + " (" + quoted("key") + ", " + quoted("namespace") + ", " + quoted("updated_at")
                + ", " + quoted("group_id") + ", " + quoted("doc_id") + ") VALUES (?, ?, ?, ?, ?) " + onConflict;
    }
}
