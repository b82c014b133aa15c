package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import dev.flowstream.testing.UnstructuredStub;
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
import java.util.List;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A file uploaded over multipart to a flow whose loader is {@code unstructuredFileLoader}, through
 * the whole server: Flowise's "Conversational Retrieval QA Chain" template (faiss, openAIEmbeddings,
 * chatMistralAI, pointed at the stubs) with its text loader swapped for Unstructured's, which posts
 * the file to a stub of Unstructured's partition API; a question then gets the partitioned element
 * as its source.
 */
class UnstructuredUploadIT {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@3.1.4/Conversational Retrieval QA Chain.json");
    private static final String BOUNDARY = "flowstream-boundary-un7Xq";

    private OpenAiStub model;
    private EmbeddingStub embeddings;
    private UnstructuredStub unstructured;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        model = OpenAiStub.start();
        embeddings = EmbeddingStub.start();
        unstructured = UnstructuredStub.start("un-key");
        server = TestServer.start(model);
        Path config = server.configDir();
        Files.writeString(config.resolve("credentials.json"), "{\"mistralAIApi\": {\"mistralAIAPIKey\": \"test-key\"},"
                + " \"unstructuredApi\": {\"unstructuredAPIKey\": \"un-key\"}}");
        Files.writeString(config.resolve("chatflows/unstructured.json"), export().toString());
        server = server.restarted(); // credentials are read when the server starts
        for (int i = 0; i < 100 && server.get("/api/v1/chatflows-streaming/unstructured").statusCode() != 200; i++) Thread.sleep(100);
    }

    @AfterEach
    void stop() {
        server.close();
        unstructured.close();
        embeddings.close();
        model.close();
    }

    @Test
    void an_uploaded_file_is_partitioned_by_unstructured_and_its_elements_answer_as_sources() throws Exception {
        HttpResponse<String> upsert = upload("otters.txt",
                "Otter facts\n\nSea otters hold hands while they sleep.\n\nHoneybees dance to tell the hive where flowers are.");
        assertEquals(200, upsert.statusCode(), upsert.body());
        assertEquals(3, JSON.readTree(upsert.body()).path("numAdded").asInt(), upsert.body());
        assertEquals("files=otters.txt:Otter facts", unstructured.forms().get(0).get(0).split("\n")[0]);

        HttpResponse<String> answer = server.post("/api/v1/prediction/unstructured",
                "{\"question\":\"Why do sea otters hold hands while they sleep?\"}", "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode source = JSON.readTree(answer.body()).path("sourceDocuments").path(0);
        assertEquals("Sea otters hold hands while they sleep.", source.path("pageContent").asText(), source.toString());
        assertEquals(List.of("otters.txt", "NarrativeText"), List.of(source.path("metadata").path("source").asText(),
                source.path("metadata").path("category").asText()));
    }

    private HttpResponse<String> upload(String name, String content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/vector/upsert/unstructured"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** The template with its text loader swapped for Unstructured's and everything pointed at the stubs. */
    private ObjectNode export() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE).replace("textFile_0", "unstructuredFileLoader_0")
                .replace("\"name\": \"textFile\"", "\"name\": \"unstructuredFileLoader\"")
                .replace("\"name\":\"textFile\"", "\"name\":\"unstructuredFileLoader\""));
        Map<String, Map<String, Object>> inputs = Map.of(
                "unstructuredFileLoader_0", Map.of("unstructuredAPIUrl", unstructured.url(), "strategy", "auto"),
                "chatMistralAI_0", Map.of("overrideEndpoint", model.baseUrl().replaceAll("/v1$", "")),
                "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()),
                "conversationalRetrievalQAChain_0", Map.of("returnSourceDocuments", true));
        export.path("nodes").forEach(node -> {
            Map<String, Object> set = inputs.get(node.path("id").asText());
            if (set != null) set.forEach((key, value) -> ((ObjectNode) node.path("data").path("inputs")).set(key, JSON.valueToTree(value)));
        });
        return export;
    }
}
