package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own "Conversational Retrieval QA Chain" template (flowise 3.1.4: a textFile and a
 * documentStore loader, openAIEmbeddings, faiss, chatMistralAI), pointed at the local stubs: the
 * upsert API embeds the document store's files into the faiss store, a question is answered with
 * those files as sources, and after a restart the store still holds them.
 */
class UpsertIT {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@3.1.4/Conversational Retrieval QA Chain.json");
    private static final String FLOW = "rag";

    private OpenAiStub model;
    private EmbeddingStub embeddings;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        model = OpenAiStub.start();
        embeddings = EmbeddingStub.start();
        server = TestServer.start(model);
        Path config = server.configDir();
        Path store = Files.createDirectories(config.resolve("document-stores/otter-facts"));
        Files.writeString(store.resolve("otters.md"), "Sea otters hold hands while they sleep so they do not drift apart.");
        Files.writeString(store.resolve("towers.md"), "The Eiffel Tower grows about fifteen centimetres in summer heat.");
        Files.writeString(config.resolve("credentials.json"), "{\"mistralAIApi\": {\"mistralAIAPIKey\": \"test-key\"}}");
        Files.writeString(config.resolve("chatflows/" + FLOW + ".json"), template().toString());
        server = server.restarted(); // credentials are read when the server starts
        awaitFlow(FLOW);
    }

    @AfterEach
    void stop() {
        server.close();
        embeddings.close();
        model.close();
    }

    @Test
    void an_upsert_embeds_the_document_store_and_a_question_gets_its_files_as_sources_even_after_a_restart() throws Exception {
        HttpResponse<String> upsert = server.post("/api/v1/vector/upsert/" + FLOW, "", "application/json");
        assertEquals(200, upsert.statusCode(), upsert.body());
        JsonNode counts = JSON.readTree(upsert.body());
        assertEquals(2, counts.path("numAdded").asInt(), upsert.body());
        assertEquals(0, counts.path("numSkipped").asInt());
        assertEquals(2, counts.path("addedDocs").size());

        assertSources(ask("Why do sea otters hold hands?"));

        server = server.restarted();
        awaitFlow(FLOW);
        assertSources(ask("Why do sea otters hold hands?"));
    }

    @Test
    void an_upsert_into_a_flow_without_a_vector_store_is_a_400_saying_so() throws Exception {
        HttpResponse<String> upsert = server.post("/api/v1/vector/upsert/" + TestServer.STUB_FLOW, "{}", "application/json");
        assertEquals(400, upsert.statusCode(), upsert.body());
        assertEquals("chatflow stub has no vector store to upsert into", JSON.readTree(upsert.body()).path("message").asText());
    }

    @Test
    void an_upsert_into_an_unknown_flow_is_a_404_and_a_bad_body_a_400() throws Exception {
        assertEquals(404, server.post("/api/v1/vector/upsert/nowhere", "{}", "application/json").statusCode());
        HttpResponse<String> bad = server.post("/api/v1/vector/upsert/" + FLOW, "{\"overrideConfig\": [1]}", "application/json");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("overrideConfig must be a JSON object", JSON.readTree(bad.body()).path("message").asText());
    }

    @Test
    void an_override_naming_a_store_that_is_not_there_is_a_400_naming_the_node() throws Exception {
        HttpResponse<String> upsert = server.post("/api/v1/vector/upsert/" + FLOW,
                "{\"overrideConfig\": {\"selectedStore\": \"no-such-store\"}}", "application/json");
        assertEquals(400, upsert.statusCode(), upsert.body());
        assertTrue(JSON.readTree(upsert.body()).path("message").asText().contains("documentStore_0"), upsert.body());
    }

    private JsonNode ask(String question) throws Exception {
        HttpResponse<String> answer = server.post("/api/v1/prediction/" + FLOW, "{\"question\":\"" + question + "\"}",
                "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static void assertSources(JsonNode answer) {
        assertEquals("otters.md", answer.path("sourceDocuments").path(0).path("metadata").path("source").asText(),
                answer.toString());
        assertTrue(answer.path("sourceDocuments").get(0).path("pageContent").asText().contains("Sea otters"));
    }

    /** The template as Flowise ships it, with what a user sets in the canvas: the stubs, the store, sources shown. */
    private ObjectNode template() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE));
        Map<String, Map<String, Object>> inputs = Map.of(
                "chatMistralAI_0", Map.of("overrideEndpoint", model.baseUrl().replaceAll("/v1$", "")),
                "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()),
                "documentStore_0", Map.of("selectedStore", "otter-facts"),
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
