package dev.flowstream.chatflow.llms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.config.Settings;
import dev.flowstream.testing.RecordedRequest;
import dev.flowstream.testing.ReplicateStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's "Replicate LLM" template (promptTemplate → replicate → llmChain) in both Flowise
 * versions, against a local stub of Replicate's predictions API: the version's schema is read for
 * the prompt's key, a prediction is created and polled until it succeeds.
 */
class ReplicateLlmTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "df7690f1994d94e96ad9d568eac121aecf50684a0b0963b25a41cc40061269e5";
    private static final Function<String, String> KEYED = name -> name.equals("REPLICATE_API_TOKEN") ? "r8_secret" : null;

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private ReplicateStub replicate;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        replicate = ReplicateStub.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        replicate.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void the_chain_answers_with_the_prediction_s_output_joined(String version) throws Exception {
        Chatflow flow = flow(version, Map.of(), KEYED, FlowFixture.settings(100, 3_600_000));
        RecordingSink sink = new RecordingSink();

        FlowResult answer = await(flow.run(FlowRequest.of("Name a red fruit"), sink));

        String prompt = "Assistant: You are a helpful assistant. You do not respond as 'User' or pretend to be 'User'. "
                + "You only respond once as Assistant.\nUser: Name a red fruit\nAssistant:";
        assertEquals("Replicate says: " + prompt, answer.text());
        assertFalse(flow.streamable());
        assertEquals(List.of(), sink.events());
        List<RecordedRequest> sent = replicate.requests();
        assertEquals(List.of("GET /v1/models/a16z-infra/llama13b-v2-chat/versions/" + VERSION, "POST /v1/predictions",
                "GET /v1/predictions/pred1", "GET /v1/predictions/pred1"),
                sent.stream().map(request -> request.method() + " " + request.path()).toList());
        assertTrue(sent.stream().allMatch(request -> request.authorization().equals("Bearer r8_secret")));
        JsonNode created = JSON.readTree(sent.get(1).body());
        assertEquals(VERSION, created.path("version").asText());
        assertEquals(JSON.createObjectNode().put("prompt", prompt).put("temperature", 0.7), created.path("input"));
    }

    @Test
    void a_model_without_a_version_runs_as_an_official_model_with_the_inputs_flowise_merges() throws Exception {
        Chatflow flow = flow("flowise@3.1.4", Map.of("model", "meta/llama-3-8b", "maxTokens", "100", "topP", "0.5",
                "repetitionPenalty", 1.1, "additionalInputs", "{\"temperature\": 0.2, \"seed\": 7}"), KEYED,
                FlowFixture.settings(100, 3_600_000));

        await(flow.run(FlowRequest.of("hi"), new RecordingSink()));

        RecordedRequest created = replicate.requests().get(0);
        assertEquals("POST /v1/models/meta/llama-3-8b/predictions", created.method() + " " + created.path());
        JsonNode input = JSON.readTree(created.body()).path("input");
        assertEquals(JSON.readTree("{\"max_length\":100,\"temperature\":0.2,\"top_p\":0.5,\"repetition_penalty\":1.1,\"seed\":7}"),
                ((ObjectNode) input.deepCopy()).without("prompt"));
        assertTrue(input.path("prompt").asText().endsWith("User: hi\nAssistant:"));
    }

    @Test
    void a_failed_prediction_fails_the_question_as_the_provider_s_without_replicate_s_text() {
        replicate.failingPredictions();

        ChatflowException failed = failure(flow("flowise@3.1.4", Map.of(), KEYED, FlowFixture.settings(100, 3_600_000))
                .run(FlowRequest.of("hi"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertEquals("node replicate_0 (replicate): the Replicate prediction pred1 failed", failed.getMessage());
    }

    @Test
    void replicate_refusing_fails_the_question_as_the_provider_s_naming_the_node() {
        replicate.refusing();

        ChatflowException failed = failure(flow("flowise@3.1.4", Map.of(), KEYED, FlowFixture.settings(100, 3_600_000))
                .run(FlowRequest.of("hi"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertTrue(failed.getMessage().startsWith("node replicate_0 (replicate): Replicate answered HTTP 500"), failed.getMessage());
    }

    @Test
    void a_prediction_that_does_not_end_in_time_is_canceled_and_fails_as_a_timeout() {
        replicate.pollsBeforeDone(1_000);
        Settings quick = ConfigDirs.settings(Duration.ofMillis(1_200), Duration.ofMillis(1_200));

        ChatflowException failed = failure(flow("flowise@3.1.4", Map.of(), KEYED, quick).run(FlowRequest.of("hi"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.TIMEOUT, failed.kind());
        assertTrue(failed.getMessage().contains("pred1"), failed.getMessage());
        RecordedRequest last = replicate.requests().get(replicate.requests().size() - 1);
        assertEquals("POST /v1/predictions/pred1/cancel", last.method() + " " + last.path());
    }

    @Test
    void a_flow_without_a_token_loads_and_its_questions_fail_saying_what_to_set() {
        ChatflowException failed = failure(flow("flowise@3.1.4", Map.of(), name -> null, FlowFixture.settings(100, 3_600_000))
                .run(FlowRequest.of("hi"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failed.kind());
        assertTrue(failed.getMessage().contains("REPLICATE_API_TOKEN"), failed.getMessage());
        assertTrue(replicate.requests().isEmpty());
    }

    @Test
    void bad_inputs_fail_the_load_naming_node_and_input() throws Exception {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("model", ""), "needs a model, written owner/name:version as on Replicate",
                Map.of("model", "llama"), "input model must be written owner/name:version (or owner/name), not llama",
                Map.of("additionalInputs", "[1]"), "input additionalInputs must be a JSON object",
                Map.of("additionalInputs", "{nope"), "input additionalInputs is not valid JSON");
        for (Map.Entry<Map<String, Object>, String> problem : problems.entrySet()) {
            ObjectNode template = ConfigDirs.withInputs(template("flowise@3.1.4"), "replicate_0", problem.getKey());
            DirectoryCatalog catalog = fixture.catalog(template, FlowFixture.settings(100, 3_600_000));
            assertEquals("node replicate_0 (replicate) " + problem.getValue(), catalog.failures().get("flow"));
        }
    }

    private Chatflow flow(String version, Map<String, Object> inputs, Function<String, String> environment, Settings settings) {
        try {
            ObjectNode template = ConfigDirs.withInputs(template(version), "replicate_0", Map.of("basepath", replicate.baseUrl()));
            ConfigDirs.withInputs(template, "replicate_0", inputs);
            return fixture.catalog(template, settings, environment).find("flow").orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode template(String version) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("target/flowise-templates", version, "Replicate LLM.json")));
    }
}
