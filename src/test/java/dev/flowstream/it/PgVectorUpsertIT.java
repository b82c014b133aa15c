package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.PgliteServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's "Conversational Retrieval QA Chain" template with its store switched to {@code postgres}
 * (pgvector in a real PostgreSQL: PGlite), through the whole server: three files upserted over
 * multipart, the server restarted, a question answered with those files as sources; with a
 * postgresRecordManager on the store, the same files uploaded again are all skipped.
 */
class PgVectorUpsertIT {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@3.1.4/Conversational Retrieval QA Chain.json");
    private static final String FLOW = "pg-rag";
    private static final String RECORDED = "pg-rag-records";
    private static final String BOUNDARY = "flowstream-boundary-7MA4YWxk";

    private PgliteServer postgres;
    private OpenAiStub model;
    private EmbeddingStub embeddings;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        postgres = PgliteServer.start();
        model = OpenAiStub.start();
        embeddings = EmbeddingStub.start();
        server = TestServer.start(model, Map.of("flowstream.max.upload.bytes", "4096"));
        Files.writeString(server.configDir().resolve("credentials.json"), "{\"mistralAIApi\": {\"mistralAIAPIKey\": \"k\"},"
                + " \"PostgresApi\": {\"user\": \"postgres\", \"password\": \"postgres\"}}");
        Files.writeString(server.configDir().resolve("chatflows/" + FLOW + ".json"), flow());
        Files.writeString(server.configDir().resolve("chatflows/" + RECORDED + ".json"), recordedFlow());
        server = server.restarted(); // credentials are read when the server starts
        awaitFlow();
    }

    @AfterEach
    void stop() {
        server.close();
        embeddings.close();
        model.close();
        postgres.close();
    }

    @Test
    void three_uploaded_files_are_upserted_into_postgres_and_a_restarted_server_answers_from_them() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("otters.txt", "Sea otters hold hands while they sleep so they do not drift apart.");
        files.put("towers.md", "The Eiffel Tower grows about fifteen centimetres in summer heat.");
        files.put("honey.txt", "Honey never spoils: jars thousands of years old are still edible.");

        HttpResponse<String> upsert = multipart(files);
        assertEquals(200, upsert.statusCode(), upsert.body());
        assertEquals(3, JSON.readTree(upsert.body()).path("numAdded").asInt(), upsert.body());
        assertTrue(JSON.readTree(upsert.body()).path("totalKeys").isMissingNode(), "no record manager, no totalKeys: " + upsert.body());

        server = server.restarted();
        awaitFlow();
        HttpResponse<String> answer = server.post("/api/v1/prediction/" + FLOW,
                "{\"question\":\"Why do sea otters hold hands?\"}", "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode sources = JSON.readTree(answer.body()).path("sourceDocuments");
        assertEquals("otters.txt", sources.path(0).path("metadata").path("source").asText(), answer.body());
    }

    @Test
    void uploading_the_same_files_again_through_a_record_manager_skips_every_document_and_adds_nothing() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("otters.txt", "Sea otters hold hands while they sleep so they do not drift apart.");
        files.put("towers.md", "The Eiffel Tower grows about fifteen centimetres in summer heat.");
        files.put("honey.txt", "Honey never spoils: jars thousands of years old are still edible.");
        assertEquals(3, JSON.readTree(multipart(files, RECORDED).body()).path("numAdded").asInt());
        int embedded = embeddings.requests().size();

        HttpResponse<String> again = multipart(files, RECORDED);

        assertEquals(200, again.statusCode(), again.body());
        JsonNode counts = JSON.readTree(again.body());
        assertEquals(0, counts.path("numAdded").asInt(), again.body());
        assertEquals(0, counts.path("numDeleted").asInt(), again.body());
        assertEquals(3, counts.path("numSkipped").asInt(), again.body());
        assertEquals(3, counts.path("totalKeys").asInt(), again.body());
        assertEquals(0, counts.path("addedDocs").size(), again.body());
        assertEquals(embedded, embeddings.requests().size(), "nothing was embedded again");
    }

    @Test
    void a_file_of_a_kind_the_loaders_cannot_read_is_a_415_naming_it_and_nothing_is_stored() throws Exception {
        HttpResponse<String> upsert = multipart(Map.of("scan.pdf", "%PDF-1.4"));
        assertEquals(415, upsert.statusCode(), upsert.body());
        assertTrue(JSON.readTree(upsert.body()).path("message").asText().startsWith("file scan.pdf cannot be upserted: no loader of this chatflow reads .pdf files"));
    }

    @Test
    void an_upload_over_the_limit_is_a_413() throws Exception {
        HttpResponse<String> upsert = multipart(Map.of("big.txt", "x".repeat(5000)));
        assertEquals(413, upsert.statusCode(), upsert.body());
    }

    private HttpResponse<String> multipart(Map<String, String> files) {
        return multipart(files, FLOW);
    }

    private HttpResponse<String> multipart(Map<String, String> files, String flow) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        files.forEach((name, text) -> body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; "
                + "filename=\"" + name + "\"\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/vector/upsert/" + flow))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** The template, its faiss store switched to postgres as a user would in the canvas, pointed at the stubs. */
    private String flow() throws Exception {
        JsonNode export = JSON.readTree(Files.readString(TEMPLATE).replace("faiss_0", "postgres_0")
                .replace("\"name\": \"faiss\"", "\"name\": \"postgres\""));
        Map<String, Map<String, Object>> inputs = Map.of(
                "chatMistralAI_0", Map.of("overrideEndpoint", model.baseUrl().replaceAll("/v1$", "")),
                "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()),
                "postgres_0", Map.of("host", "127.0.0.1", "port", String.valueOf(postgres.port()), "database", "postgres",
                        "tableName", "documents"),
                "conversationalRetrievalQAChain_0", Map.of("returnSourceDocuments", true));
        export.path("nodes").forEach(node -> {
            Map<String, Object> set = inputs.get(node.path("id").asText());
            if (set != null) set.forEach((key, value) -> ((com.fasterxml.jackson.databind.node.ObjectNode) node.path("data")
                    .path("inputs")).set(key, JSON.valueToTree(value)));
        });
        return export.toString();
    }

    /** The same flow with a postgresRecordManager (in the same database) on its store, incremental cleanup. */
    private String recordedFlow() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode export = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(flow());
        export.path("nodes").forEach(node -> {
            if (node.path("id").asText().equals("postgres_0")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) node.path("data").path("inputs"))
                        .put("recordManager", "{{postgresRecordManager_0.data.instance}}").put("tableName", "recorded_documents");
            }
        });
        com.fasterxml.jackson.databind.node.ObjectNode manager = ((com.fasterxml.jackson.databind.node.ArrayNode) export.path("nodes"))
                .addObject().put("id", "postgresRecordManager_0");
        manager.putObject("data").put("id", "postgresRecordManager_0").put("name", "postgresRecordManager")
                .put("label", "Postgres Record Manager").<com.fasterxml.jackson.databind.node.ObjectNode>set("inputs", JSON.valueToTree(Map.of(
                        "host", "127.0.0.1", "port", String.valueOf(postgres.port()), "database", "postgres", "cleanup", "incremental")));
        ((com.fasterxml.jackson.databind.node.ArrayNode) export.path("edges")).addObject().put("id", "records-store")
                .put("source", "postgresRecordManager_0").put("target", "postgres_0");
        return export.toString();
    }

    private void awaitFlow() throws InterruptedException {
        for (String flow : new String[] {FLOW, RECORDED}) {
            for (int i = 0; i < 100 && server.get("/api/v1/chatflows-streaming/" + flow).statusCode() != 200; i++) Thread.sleep(100);
            assertEquals(200, server.get("/api/v1/chatflows-streaming/" + flow).statusCode(), "flow " + flow + " loaded");
        }
    }
}
