package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.prompts.TemplateFlows.set;
import static dev.flowstream.chatflow.prompts.TemplateFlows.template;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** promptValues naming {@code $vars} (variables.json, the environment) and {@code $flow} (the request). */
class PromptVariablesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path configDir;
    private FlowFixture fixture;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void static_variables_come_from_the_file_and_runtime_ones_from_the_environment() throws Exception {
        Files.writeString(configDir.resolve("variables.json"), "[{\"name\": \"team\", \"value\": \"Ops\", \"type\": \"static\"},"
                + " {\"name\": \"REGION\", \"value\": \"ignored\", \"type\": \"runtime\"}]");
        Chatflow flow = load(objective("{{question}} for {{$vars.team}} in {{$vars.REGION}}"), Map.of("REGION", "eu-west"));

        await(flow.run(FlowRequest.of("Plan a trip"), new RecordingSink()));

        assertEquals(firstPrompt("Plan a trip for Ops in eu-west"), firstUserMessage());
    }

    @Test
    void flow_values_are_the_chat_id_the_flow_id_and_the_question() throws Exception {
        Chatflow flow = load(objective("{{$flow.input}} ({{$flow.sessionId}}, {{$flow.chatId}}, {{$flow.chatflowId}})"), Map.of());

        await(flow.run(new FlowRequest("Plan a trip", "chat-9", Map.of(), List.of()), new RecordingSink()));

        assertEquals(firstPrompt("Plan a trip (chat-9, chat-9, flow)"), firstUserMessage());
    }

    @Test
    void an_unknown_variable_fails_the_load_naming_it() throws Exception {
        Files.writeString(configDir.resolve("variables.json"), "[{\"name\": \"team\", \"value\": \"Ops\"}]");

        String reason = fixture.catalog(objective("{{$vars.owner}}"), FlowFixture.settings(100, 3_600_000))
                .failures().get("flow");

        assertEquals("node promptTemplate_0 (promptTemplate) input promptValues uses {{$vars.owner}}, but no variable "
                + "owner is defined (variables.json in the config directory)", reason);
    }

    @Test
    void a_variables_file_that_is_not_a_list_fails_the_load_saying_so() throws Exception {
        Files.writeString(configDir.resolve("variables.json"), "{\"team\": \"Ops\"}");

        String reason = fixture.catalog(objective("{{$vars.team}}"), FlowFixture.settings(100, 3_600_000))
                .failures().get("flow");

        assertEquals("variables.json must be a JSON array of {name, value, type}", reason);
    }

    /** Flowise's "Prompt Chaining" with the first prompt's objective set to {@code value}. */
    private ObjectNode objective(String value) {
        ObjectNode export = template("flowise@1.8.4/Prompt Chaining");
        set(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        set(export, "chatOpenAI_1", Map.of("basepath", fixture.stub().baseUrl()));
        return set(export, "promptTemplate_0", Map.of("promptValues", JSON.createObjectNode().put("objective", value).toString()));
    }

    private Chatflow load(ObjectNode export, Map<String, String> environment) {
        var catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000), environment::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("flow").orElseThrow();
    }

    private static String firstPrompt(String objective) {
        return "You are an AI who performs one task based on the following objective: " + objective
                + ".\nRespond with how you would complete this task:";
    }

    private String firstUserMessage() throws Exception {
        JsonNode messages = JSON.readTree(fixture.stub().requestBodies().get(0)).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
