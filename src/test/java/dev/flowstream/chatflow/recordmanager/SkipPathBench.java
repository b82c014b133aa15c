package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.testing.MariaDbServer;
import dev.flowstream.testing.PgliteServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not part of the suite (not a {@code *Test}): how long a repeated upsert of unchanged files takes
 * through each server record manager, against the first upsert; run with
 * {@code mvn -o test -Dtest=SkipPathBench}. Figures in {@code bench/RESULTS.md}.
 */
class SkipPathBench {

    private static final int FILES = 1000;
    private static final int ROUNDS = 5;

    @TempDir
    Path configDir;

    @Test
    void skipping_unchanged_documents() throws Exception {
        try (PgliteServer postgres = PgliteServer.start(); MariaDbServer mariadb = MariaDbServer.start();
             RecordFlows flows = new RecordFlows(configDir, postgres)) {
            for (int i = 0; i < FILES; i++) flows.file("fact" + i + ".md", "Fact number " + i + ": honey never spoils, " + i + " times.");
            flows.env("POSTGRES_RECORDMANAGER_USER", "postgres");
            flows.env("POSTGRES_RECORDMANAGER_PASSWORD", "postgres");
            measure(flows, "postgresRecordManager (PGlite)", Map.of("host", "127.0.0.1", "port", String.valueOf(postgres.port()),
                    "database", "postgres", "tableName", "bench_records", "cleanup", "incremental"), "bench_pg");
            measure(flows, "MySQLRecordManager (MariaDB)", Map.of("host", "127.0.0.1", "port", String.valueOf(mariadb.port()),
                    "database", MariaDbServer.DATABASE, "user", MariaDbServer.USER, "tableName", "bench_records",
                    "cleanup", "incremental"), "bench_my");
        }
    }

    private static void measure(RecordFlows flows, String label, Map<String, Object> inputs, String table) throws Exception {
        String type = label.substring(0, label.indexOf(' '));
        Chatflow flow = RecordFlows.loaded(flows.catalog(type, inputs, table));
        long start = System.nanoTime();
        UpsertResult first = RecordFlows.upsert(flow);
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(FILES, first.numAdded());
        long best = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            start = System.nanoTime();
            assertEquals(FILES, RecordFlows.upsert(flow).numSkipped());
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
        }
        System.out.printf("%s: %d documents, first upsert %d ms, repeated upsert (all skipped) best of %d: %d ms%n",
                label, FILES, firstMs, ROUNDS, best);
    }
}
