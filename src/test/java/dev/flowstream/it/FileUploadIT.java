package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestFiles;
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
 * Files of each kind uploaded to the upsert API over multipart, through the whole server: Flowise's
 * "Conversational Retrieval QA Chain" template (faiss, openAIEmbeddings, chatMistralAI, pointed at
 * the stubs) with a {@code pdfFile} and a {@code csvFile} loader added to its store as a user adds
 * them in the canvas, or with its text loader swapped for a {@code fileLoader}; questions then get
 * the uploaded files as sources, with the metadata Flowise gives them.
 */
class FileUploadIT {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@3.1.4/Conversational Retrieval QA Chain.json");
    private static final String BOUNDARY = "flowstream-boundary-3Fq9x";
    private static final byte[] OTTERS_PDF = TestFiles.pdf("Otters", "Kelp forests shelter many animals.",
            "Sea otters hold hands while they sleep so they do not drift apart.");
    private static final byte[] ZOO_CSV = ("animal,fact\nPenguin,Emperor penguins huddle to survive the Antarctic winter.\n"
            + "Honeybee,Honeybees dance to tell the hive where flowers are.\n").getBytes(StandardCharsets.UTF_8);

    private OpenAiStub model;
    private EmbeddingStub embeddings;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        model = OpenAiStub.start();
        embeddings = EmbeddingStub.start();
        server = TestServer.start(model);
        Path config = server.configDir();
        Files.writeString(config.resolve("credentials.json"), "{\"mistralAIApi\": {\"mistralAIAPIKey\": \"test-key\"}}");
        Files.writeString(config.resolve("chatflows/pdf-csv.json"), withLoaders().toString());
        Files.writeString(config.resolve("chatflows/any-file.json"), withFileLoader().toString());
        server = server.restarted(); // credentials are read when the server starts
        awaitFlow("pdf-csv");
        awaitFlow("any-file");
    }

    @AfterEach
    void stop() {
        server.close();
        embeddings.close();
        model.close();
    }

    @Test
    void a_pdf_and_a_csv_uploaded_over_multipart_are_found_as_sources_with_their_page_and_row() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("otters.pdf", OTTERS_PDF);
        files.put("zoo.csv", ZOO_CSV);

        HttpResponse<String> upsert = multipart("pdf-csv", files);
        assertEquals(200, upsert.statusCode(), upsert.body());
        assertEquals(4, JSON.readTree(upsert.body()).path("numAdded").asInt(), upsert.body()); // two pages, two rows

        JsonNode otters = ask("pdf-csv", "Why do sea otters hold hands while they sleep?").path("sourceDocuments").path(0);
        assertEquals("otters.pdf", otters.path("metadata").path("source").asText(), otters.toString());
        assertEquals(2, otters.path("metadata").path("loc").path("pageNumber").asInt(), otters.toString());
        assertEquals(2, otters.path("metadata").path("pdf").path("totalPages").asInt(), otters.toString());

        JsonNode bees = ask("pdf-csv", "Why do honeybees dance?").path("sourceDocuments").path(0);
        assertEquals("zoo.csv", bees.path("metadata").path("source").asText(), bees.toString());
        assertEquals(2, bees.path("metadata").path("line").asInt(), bees.toString());
        assertEquals("animal: Honeybee\nfact: Honeybees dance to tell the hive where flowers are.", bees.path("pageContent").asText());
    }

    @Test
    void a_file_loader_reads_a_word_file_and_json_sent_to_it_by_their_kind() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("otters.docx", TestFiles.docx(TestFiles.paragraph("Sea otters hold hands while they sleep.")));
        files.put("bees.json", "{\"facts\": [\"Honeybees dance to tell the hive where flowers are.\"]}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> upsert = multipart("any-file", files);
        assertEquals(200, upsert.statusCode(), upsert.body());

        assertEquals("otters.docx", ask("any-file", "Why do sea otters hold hands?").path("sourceDocuments").path(0)
                .path("metadata").path("source").asText());
        assertEquals("bees.json", ask("any-file", "Why do honeybees dance?").path("sourceDocuments").path(0)
                .path("metadata").path("source").asText());
    }

    @Test
    void a_corrupt_pdf_is_a_400_naming_the_node_and_the_file() throws Exception {
        HttpResponse<String> upsert = multipart("pdf-csv", Map.of("scan.pdf", "%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII)));

        assertEquals(400, upsert.statusCode(), upsert.body());
        String message = JSON.readTree(upsert.body()).path("message").asText();
        assertTrue(message.contains("node pdfFile_0 (pdfFile) input pdfFile: uploaded file scan.pdf is not a PDF"), message);
    }

    @Test
    void a_spreadsheet_or_a_kind_no_loader_of_the_flow_reads_is_a_415_naming_the_file() throws Exception {
        HttpResponse<String> sheet = multipart("pdf-csv", Map.of("sales.xlsx", new byte[]{'P', 'K'}));
        assertEquals(415, sheet.statusCode(), sheet.body());
        assertTrue(JSON.readTree(sheet.body()).path("message").asText().startsWith("file sales.xlsx cannot be upserted"), sheet.body());

        HttpResponse<String> word = multipart("pdf-csv", Map.of("notes.docx", TestFiles.docx(TestFiles.paragraph("Otters"))));
        assertEquals(415, word.statusCode(), word.body());
        assertEquals("file notes.docx cannot be upserted: no loader of this chatflow reads .docx files (docxFile, microsoftWord or "
                + "fileLoader would)", JSON.readTree(word.body()).path("message").asText());
    }

    private HttpResponse<String> multipart(String flow, Map<String, byte[]> files) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        files.forEach((name, content) -> {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/vector/upsert/" + flow))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private JsonNode ask(String flow, String question) throws Exception {
        HttpResponse<String> answer = server.post("/api/v1/prediction/" + flow, "{\"question\":\"" + question + "\"}", "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    /** The template with a pdfFile and a csvFile loader connected to its faiss store. */
    private ObjectNode withLoaders() throws Exception {
        ObjectNode export = template();
        addLoader(export, "pdfFile_0", "pdfFile");
        addLoader(export, "csvFile_0", "csvFile");
        return export;
    }

    /** The template with its text file loader swapped for a fileLoader. */
    private ObjectNode withFileLoader() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(template().toString().replace("textFile_0", "fileLoader_0")
                .replace("\"name\":\"textFile\"", "\"name\":\"fileLoader\""));
        return export;
    }

    private static void addLoader(ObjectNode export, String id, String name) {
        ObjectNode node = ((ArrayNode) export.path("nodes")).addObject().put("id", id).put("type", "customNode");
        node.putObject("data").put("id", id).put("name", name).put("label", name).putObject("inputs");
        ((ArrayNode) export.path("edges")).addObject().put("source", id).put("target", "faiss_0")
                .put("id", id + "-faiss_0");
        export.path("nodes").forEach(existing -> {
            if (existing.path("id").asText().equals("faiss_0")) {
                ((ArrayNode) existing.path("data").path("inputs").path("document")).add("{{" + id + ".data.instance}}");
            }
        });
    }

    /** The template as Flowise ships it, with what a user sets in the canvas: the stubs, sources shown. */
    private ObjectNode template() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE));
        Map<String, Map<String, Object>> inputs = Map.of(
                "chatMistralAI_0", Map.of("overrideEndpoint", model.baseUrl().replaceAll("/v1$", "")),
                "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()),
                "conversationalRetrievalQAChain_0", Map.of("returnSourceDocuments", true));
        export.path("nodes").forEach(node -> {
            Map<String, Object> set = inputs.get(node.path("id").asText());
            if (set != null) set.forEach((key, value) -> ((ObjectNode) node.path("data").path("inputs")).set(key, JSON.valueToTree(value)));
        });
        return export;
    }

    private void awaitFlow(String id) throws InterruptedException {
        for (int i = 0; i < 100 && server.get("/api/v1/chatflows-streaming/" + id).statusCode() != 200; i++) Thread.sleep(100);
        assertEquals(200, server.get("/api/v1/chatflows-streaming/" + id).statusCode(), "flow " + id + " loaded");
    }
}
