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
import dev.flowstream.testing.HuggingFaceStub;
import dev.flowstream.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's "HuggingFace LLM Chain" template (promptTemplate → huggingFaceInference_LLMs →
 * llmChain) in both Flowise versions, its endpoint a local stub of Hugging Face's text-generation API.
 */
class HuggingFaceLlmChainTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Function<String, String> KEYED = name -> name.equals("HUGGINGFACEHUB_API_KEY") ? "hf-secret" : null;

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private HuggingFaceStub hf;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        hf = HuggingFaceStub.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        hf.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flowise@1.8.4", "flowise@3.1.4"})
    void the_chain_answers_with_the_generated_text_of_the_filled_prompt(String version) throws Exception {
        Chatflow flow = flow(version, Map.of("endpoint", hf.url("/endpoint/falcon")), KEYED);
        RecordingSink sink = new RecordingSink();

        FlowResult answer = await(flow.run(FlowRequest.of("why is the sky blue?"), sink));

        String prompt = "Question: why is the sky blue?\n\nAnswer: Let's think step by step.";
        assertEquals("HF says: " + prompt, answer.text());
        assertFalse(flow.streamable(), "Flowise streams no Hugging Face LLM");
        assertEquals(List.of(), sink.events());
        RecordedRequest sent = hf.requests().get(0);
        assertEquals("POST /endpoint/falcon", sent.method() + " " + sent.path());
        assertEquals("Bearer hf-secret", sent.authorization());
        JsonNode body = JSON.readTree(sent.body());
        assertEquals(prompt, body.path("inputs").asText());
        assertEquals(JSON.readTree("{\"return_full_text\":false}"), body.path("parameters"));
    }

    @Test
    void the_sampling_inputs_go_as_flowise_passes_them() throws Exception {
        Chatflow flow = flow("flowise@3.1.4", Map.of("endpoint", hf.url("/e"), "temperature", "0.4", "maxTokens", 64,
                "topP", 0.9, "hfTopK", "7", "frequencyPenalty", 1.2), name -> null);

        await(flow.run(FlowRequest.of("hi"), new RecordingSink()));

        JsonNode parameters = JSON.readTree(hf.requests().get(0).body()).path("parameters");
        assertEquals(JSON.readTree("{\"return_full_text\":false,\"temperature\":0.4,\"max_new_tokens\":64,\"top_p\":0.9,"
                + "\"top_k\":7.0,\"repetition_penalty\":1.2}"), parameters);
        assertEquals("", hf.requests().get(0).authorization(), "an endpoint may take no key");
    }

    @Test
    void a_model_still_loading_is_asked_again() throws Exception {
        hf.failing(1);
        Chatflow flow = flow("flowise@3.1.4", Map.of("endpoint", hf.url("/e")), KEYED);

        FlowResult answer = await(flow.run(FlowRequest.of("hi"), new RecordingSink()));

        assertTrue(answer.text().startsWith("HF says: "));
        assertEquals(2, hf.requests().size());
    }

    @Test
    void hugging_face_refusing_fails_the_question_as_the_provider_s_naming_the_node() {
        hf.failing(10);
        Chatflow flow = flow("flowise@3.1.4", Map.of("endpoint", hf.url("/e")), KEYED);

        ChatflowException failed = failure(flow.run(FlowRequest.of("hi"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, failed.kind());
        assertTrue(failed.getMessage().contains("huggingFaceInference_LLMs_0"), failed.getMessage());
        assertTrue(failed.getMessage().contains("HTTP 503"), failed.getMessage());
        assertEquals(3, hf.requests().size(), "asked three times in all");
    }

    @Test
    void the_serverless_api_without_a_key_fails_the_question_saying_what_to_set() {
        Chatflow flow = flow("flowise@3.1.4", Map.of(), name -> null);

        ChatflowException failed = failure(flow.run(FlowRequest.of("hi"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failed.kind());
        assertTrue(failed.getMessage().contains("HUGGINGFACEHUB_API_KEY"), failed.getMessage());
    }

    @Test
    void bad_inputs_fail_the_load_naming_node_and_input() throws Exception {
        Map<Map<String, Object>, String> problems = Map.of(
                Map.of("model", ""), "needs a model (a Hugging Face model id, e.g. gpt2) or an endpoint",
                Map.of("endpoint", "ftp://x"), "input endpoint must be an http(s) URL, not ftp://x",
                Map.of("maxTokens", "lots"), "input maxTokens must be a number");
        for (Map.Entry<Map<String, Object>, String> problem : problems.entrySet()) {
            ObjectNode template = template("flowise@3.1.4");
            ConfigDirs.withInputs(template, "huggingFaceInference_LLMs_0", problem.getKey());
            DirectoryCatalog catalog = fixture.catalog(template, FlowFixture.settings(100, 3_600_000));
            assertEquals("node huggingFaceInference_LLMs_0 (huggingFaceInference_LLMs) " + problem.getValue(),
                    catalog.failures().get("flow"));
        }
    }

    private Chatflow flow(String version, Map<String, Object> inputs, Function<String, String> environment) {
        try {
            ObjectNode template = ConfigDirs.withInputs(template(version), "huggingFaceInference_LLMs_0", inputs);
            return fixture.catalog(template, FlowFixture.settings(100, 3_600_000), environment).find("flow").orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode template(String version) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(
                Path.of("target/flowise-templates", version, "HuggingFace LLM Chain.json")));
    }
}
