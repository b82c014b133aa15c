package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.testing.TestServer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's marketplace templates (unpacked by the build into {@code target/flowise-templates}) as
 * the end-to-end tests run them: read as shipped, with what a user sets in the canvas, through a
 * {@link TestServer}. Test-only; stateless.
 */
final class TemplateFlows {

    static final Path TEMPLATES = Path.of("target/flowise-templates");

    private TemplateFlows() {
    }

    /** The template {@code version/name.json}, with {@code inputs} (node id to its inputs) set. */
    static ObjectNode template(String version, String name, Map<String, Map<String, Object>> inputs) throws IOException {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATES.resolve(version).resolve(name + ".json")));
        export.path("nodes").forEach(node -> {
            Map<String, Object> set = inputs.get(node.path("id").asText());
            if (set != null) set.forEach((key, value) -> ((ObjectNode) node.path("data").path("inputs")).set(key, JSON.valueToTree(value)));
        });
        return export;
    }

    static void awaitFlow(TestServer server, String id) throws InterruptedException {
        for (int i = 0; i < 100 && server.get("/api/v1/chatflows-streaming/" + id).statusCode() != 200; i++) Thread.sleep(100);
        assertEquals(200, server.get("/api/v1/chatflows-streaming/" + id).statusCode(), "flow " + id + " loaded");
    }

    /** Upserts the flow's documents; the number added. */
    static int upsert(TestServer server, String id) throws IOException {
        HttpResponse<String> upsert = server.post("/api/v1/vector/upsert/" + id, "", "application/json");
        assertEquals(200, upsert.statusCode(), upsert.body());
        return JSON.readTree(upsert.body()).path("numAdded").asInt();
    }

    /** Asks with {@code streaming: true}; the events, each {@code {event, data}}, in order. */
    static List<JsonNode> ask(TestServer server, String id, String question) throws IOException {
        HttpResponse<String> answer = server.post("/api/v1/prediction/" + id,
                JSON.createObjectNode().put("question", question).put("streaming", true).toString(), "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        List<JsonNode> events = new ArrayList<>();
        for (String block : answer.body().split("\n\n")) {
            if (!block.isBlank()) events.add(JSON.readTree(block.substring(block.indexOf("data:") + "data:".length())));
        }
        return events;
    }

    /** Tokens came first and more than one; the sources event names, in order. */
    static List<String> sourcesAfterTokens(List<JsonNode> events) {
        List<String> names = events.stream().map(event -> event.path("event").asText()).toList();
        assertEquals("start", names.get(0), names.toString());
        assertTrue(names.stream().filter("token"::equals).count() > 1, "tokens streamed: " + names);
        assertTrue(names.indexOf("sourceDocuments") > names.lastIndexOf("token"), "sources after the tokens: " + names);
        List<String> sources = new ArrayList<>();
        events.get(names.indexOf("sourceDocuments")).path("data")
                .forEach(document -> sources.add(document.path("metadata").path("source").asText()));
        return sources;
    }
}
