package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.testing.ChromaStub;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.PgliteServer;
import dev.flowstream.testing.PineconeStub;
import dev.flowstream.testing.QdrantStub;
import dev.flowstream.testing.SupabaseStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each hosted vector store under a record manager (postgresRecordManager on PGlite, incremental
 * cleanup), against a local server speaking the vendor's API: the second upsert writes nothing,
 * a changed file's new document is stored under its hash and its old one deleted with the
 * vendor's documented delete call.
 */
class StoresWithRecordsTest {

    private static PgliteServer records;

    @TempDir
    Path configDir;
    private RecordFlows flows;

    @BeforeAll
    static void start_the_records_server() {
        records = PgliteServer.start();
    }

    @AfterAll
    static void stop_the_records_server() {
        records.close();
    }

    @BeforeEach
    void files() {
        flows = new RecordFlows(configDir, records);
        flows.env("POSTGRES_RECORDMANAGER_USER", "postgres");
        flows.env("POSTGRES_RECORDMANAGER_PASSWORD", "postgres");
        flows.file("otters.md", "Sea otters hold hands while they sleep.");
        flows.file("towers.md", "The Eiffel Tower grows in summer.");
        flows.file("honey.md", "Honey never spoils.");
    }

    @AfterEach
    void close() {
        flows.close();
    }

    @Test
    void pinecone_deletes_the_stale_vector_by_id_in_its_namespace() throws Exception {
        try (PineconeStub pinecone = PineconeStub.start("pc-key")) {
            flows.env("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl());
            flows.env("PINECONE_API_KEY", "pc-key");
            Chatflow flow = flow("pinecone", Map.of("pineconeIndex", "facts", "pineconeNamespace", "docs"), "pinecone");

            Set<String> first = changeOneFile(flow, () -> pinecone.ids("docs"));

            assertTrue(pinecone.paths().contains("POST /vectors/delete"), pinecone.paths().toString());
            assertEquals(3, pinecone.ids("docs").size());
            assertEquals(2, intersection(first, pinecone.ids("docs")));
        }
    }

    @Test
    void chroma_deletes_the_stale_record_by_id_in_its_collection() throws Exception {
        try (ChromaStub chroma = ChromaStub.start(Optional.empty())) {
            Chatflow flow = flow("chroma", Map.of("chromaURL", chroma.url(), "collectionName", "facts"), "chroma");

            Set<String> first = changeOneFile(flow, () -> ids(chroma.collection("facts").orElseThrow().records(), "id"));

            assertTrue(chroma.paths().stream().anyMatch(path -> path.startsWith("POST ") && path.endsWith("/delete")), chroma.paths().toString());
            Set<String> now = ids(chroma.collection("facts").orElseThrow().records(), "id");
            assertEquals(3, now.size());
            assertEquals(2, intersection(first, now));
        }
    }

    @Test
    void qdrant_deletes_the_stale_point_by_id_in_its_collection() throws Exception {
        try (QdrantStub qdrant = QdrantStub.start(Optional.empty())) {
            Chatflow flow = flow("qdrant", Map.of("qdrantServerUrl", qdrant.url(), "qdrantCollection", "facts",
                    "qdrantVectorDimension", String.valueOf(EmbeddingStub.DIMENSIONS)), "qdrant");

            Set<String> first = changeOneFile(flow, () -> ids(qdrant.find("facts").orElseThrow().points(), "id"));

            assertTrue(qdrant.paths().contains("POST /collections/facts/points/delete?wait=true"), qdrant.paths().toString());
            Set<String> now = ids(qdrant.find("facts").orElseThrow().points(), "id");
            assertEquals(3, now.size());
            assertEquals(2, intersection(first, now));
        }
    }

    @Test
    void supabase_deletes_the_stale_row_by_id_in_its_table() throws Exception {
        try (SupabaseStub supabase = SupabaseStub.start("sb-key")) {
            supabase.table("documents", EmbeddingStub.DIMENSIONS, "match_documents", false);
            flows.env("SUPABASE_API_KEY", "sb-key");
            Chatflow flow = flow("supabase", Map.of("supabaseProjUrl", supabase.url(), "tableName", "documents",
                    "queryName", "match_documents"), "supabase");

            Set<String> first = changeOneFile(flow, () -> ids(supabase.rows("documents"), "id"));

            assertTrue(supabase.paths().stream().anyMatch(path -> path.startsWith("DELETE /rest/v1/documents?id=in.")),
                    supabase.paths().toString());
            Set<String> now = ids(supabase.rows("documents"), "id");
            assertEquals(3, now.size());
            assertEquals(2, intersection(first, now));
        }
    }

    private Chatflow flow(String store, Map<String, Object> storeInputs, String recordTable) {
        return RecordFlows.loaded(flows.catalog("postgresRecordManager", Map.of("host", "127.0.0.1", "port",
                String.valueOf(records.port()), "database", "postgres", "tableName", "records_" + recordTable,
                "cleanup", "incremental"), store, storeInputs));
    }

    /** Upserts, upserts again, changes honey.md and upserts: returns the ids stored after the first. */
    private Set<String> changeOneFile(Chatflow flow, java.util.function.Supplier<Set<String>> stored) throws Exception {
        assertEquals(List.of(3, 0, 0, 0), RecordManagerScenarios.counts(RecordFlows.upsert(flow)));
        Set<String> first = stored.get();
        int embedded = flows.embedded();
        assertEquals(List.of(0, 0, 0, 3), RecordManagerScenarios.counts(RecordFlows.upsert(flow)));
        assertEquals(embedded, flows.embedded());
        flows.file("honey.md", "Honey found in tombs was still edible.");

        UpsertResult changed = RecordFlows.upsert(flow);

        assertEquals(List.of(1, 1, 0, 2), RecordManagerScenarios.counts(changed));
        assertEquals(3, first.size());
        return first;
    }

    private static Set<String> ids(List<? extends com.fasterxml.jackson.databind.JsonNode> stored, String field) {
        return stored.stream().map(node -> node.path(field).asText()).collect(Collectors.toSet());
    }

    private static long intersection(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).count();
    }
}
