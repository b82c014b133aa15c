package dev.flowstream.chatflow;

import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.config.Settings;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.testing.OpenAiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped chatOpenAI → promptTemplate → llmChain export, run against a local OpenAI stub. */
class LlmChainFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> QUESTION_ONLY = Map.of("template", "{question}");

    @TempDir
    Path configDir;
    private OpenAiStub stub;
    private DirectoryCatalog catalog;

    @BeforeEach
    void startStub() {
        stub = OpenAiStub.start();
    }

    @AfterEach
    void stop() {
        if (catalog != null) catalog.close();
        stub.close();
    }

    @Test
    void tokens_arrive_in_order_then_one_end() throws Exception {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("how are you today"), sink));

        assertEquals(List.of("Echo: ", "how ", "are ", "you ", "today"), sink.tokens());
        assertEquals("Echo: how are you today", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(new StreamEvent.Start("Echo: "), sink.events().get(0));
        assertEquals(1, sink.count("start"));
        assertEquals(1, sink.count("end"));
        assertEquals("end", sink.names().get(sink.names().size() - 1));
        assertFalse(sink.overlapped());
    }

    @Test
    void the_model_receives_the_template_filled_with_the_question() throws Exception {
        Chatflow flow = flow(Map.of(), Map.of("template", "Answer briefly: {subject} {{literal}}",
                "promptValues", "{\"subject\":\"Q={{question}}\"}"), ConfigDirs.settings());

        FlowResult result = await(flow.run(FlowRequest.of("what is Flowstream?"), new RecordingSink()));

        JsonNode request = JSON.readTree(stub.lastRequestBody().orElseThrow());
        String sent = request.path("messages").get(0).path("content").asText();
        assertEquals("Answer briefly: Q=what is Flowstream? {literal}", sent);
        assertEquals("Echo: " + sent, result.text());
        assertEquals("gpt-4o-mini", request.path("model").asText());
        assertTrue(request.path("stream").asBoolean());
    }

    @Test
    void a_long_answer_streams_every_token() throws Exception {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("[[tokens=300]]"), sink));

        assertEquals(300, sink.tokens().size());
        assertEquals("t0 ", sink.tokens().get(0));
        assertEquals("t299 ", sink.tokens().get(299));
        assertEquals(result.text(), sink.text());
    }

    @Test
    void a_provider_error_fails_with_provider_and_sends_no_events() {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow.run(FlowRequest.of("[[fail]]"), sink));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().contains("chatOpenAI_0"), failure.getMessage());
        assertTrue(failure.getMessage().contains("HTTP 500"), failure.getMessage());
        assertFalse(failure.getMessage().contains("stub was asked"), "the provider's body stays out");
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_cut_connection_gives_tokens_then_error_then_end() {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow.run(FlowRequest.of("[[cut]] a b c d e"), sink));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertEquals(List.of("start", "token", "token", "token", "error", "end"), sink.names());
        assertEquals(new StreamEvent.Error(failure.getMessage()), sink.events().get(4));
    }

    @Test
    void a_stream_that_ends_without_a_finish_reason_is_a_provider_failure() {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow.run(FlowRequest.of("[[truncate]] a b c d e"), sink));

        assertEquals(Kind.PROVIDER, failure.kind());
        assertTrue(failure.getMessage().contains("before the answer was complete"), failure.getMessage());
        assertEquals(List.of("start", "token", "token", "token", "error", "end"), sink.names());
    }

    @Test
    void a_silent_stream_is_cancelled_as_a_timeout() {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings(Duration.ofSeconds(10), Duration.ofMillis(300)));
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow.run(FlowRequest.of("[[stall]]"), sink));

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertEquals("model chatOpenAI_0 went silent for 300 ms", failure.getMessage());
        assertEquals(List.of("start", "token", "error", "end"), sink.names());
    }

    @Test
    void a_model_without_any_api_key_fails_the_prediction_naming_the_node() {
        Chatflow flow = catalog(ConfigDirs.shipped("openai-chat"), ConfigDirs.settings()).find("flow").orElseThrow();
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow.run(FlowRequest.of("hello"), sink));

        assertEquals(Kind.CONFIGURATION, failure.kind());
        assertEquals("chatOpenAI node chatOpenAI_0 has no API key: set OPENAI_API_KEY or the node's "
                + "openAIApiKey input", failure.getMessage());
        assertEquals(List.of(), sink.events());
        assertEquals(0, stub.requests());
    }

    @Test
    void a_local_server_gets_a_placeholder_key_and_a_node_key_wins_over_it() throws Exception {
        Chatflow keyless = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        await(keyless.run(FlowRequest.of("hi"), new RecordingSink()));
        assertEquals("Bearer none", stub.lastAuthorization().orElseThrow());
        catalog.close();

        Chatflow keyed = flow(Map.of("openAIApiKey", "sk-test-node-key"), QUESTION_ONLY, ConfigDirs.settings());
        await(keyed.run(FlowRequest.of("hi"), new RecordingSink()));
        assertEquals("Bearer sk-test-node-key", stub.lastAuthorization().orElseThrow());
    }

    @Test
    void a_model_with_streaming_off_answers_without_events() throws Exception {
        Chatflow flow = flow(Map.of("streaming", "false"), QUESTION_ONLY, ConfigDirs.settings());
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("quiet please"), sink));

        assertFalse(flow.streamable());
        assertTrue(result.text().startsWith("Echo: "), result.text());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_chain_with_an_output_parser_does_not_stream() {
        ObjectNode export = ConfigDirs.withInputs(ConfigDirs.shipped("openai-chat"), "llmChain_0",
                Map.of("outputParser", "{{csvOutputParser_0.data.instance}}"));
        ObjectNode parser = export.withArray("nodes").addObject().put("id", "csvOutputParser_0");
        parser.putObject("data").put("id", "csvOutputParser_0").put("name", "csvOutputParser")
                .put("label", "CSV Output Parser").putObject("inputs");
        export.withArray("edges").addObject().put("source", "csvOutputParser_0").put("target", "llmChain_0")
                .put("id", "csvOutputParser_0-llmChain_0");
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", stub.baseUrl()));

        assertFalse(catalog(export, ConfigDirs.settings()).find("flow").orElseThrow().streamable());
    }

    @Test
    void override_config_reaches_the_model_request() throws Exception {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        FlowRequest request = new FlowRequest("hi", "chat-1",
                Map.of("temperature", 0.25, "modelName", "stub-large", "basepath", "http://attacker.invalid"), List.of());

        await(flow.run(request, new RecordingSink()));

        JsonNode sent = JSON.readTree(stub.lastRequestBody().orElseThrow());
        assertEquals(0.25, sent.path("temperature").asDouble());
        assertEquals("stub-large", sent.path("model").asText());
    }

    @Test
    void concurrent_runs_keep_their_streams_apart() throws Exception {
        Chatflow flow = flow(Map.of(), QUESTION_ONLY, ConfigDirs.settings());
        List<RecordingSink> sinks = new ArrayList<>();
        List<CompletableFuture<FlowResult>> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RecordingSink sink = new RecordingSink();
            sinks.add(sink);
            runs.add(flow.run(FlowRequest.of("[[delay=5]] run " + i + " of many"), sink).toCompletableFuture());
        }
        for (int i = 0; i < 40; i++) {
            FlowResult result = runs.get(i).get(20, TimeUnit.SECONDS);
            assertEquals("Echo: [[delay=5]] run " + i + " of many", result.text());
            assertEquals(result.text(), sinks.get(i).text());
            assertEquals(1, sinks.get(i).count("end"));
            assertFalse(sinks.get(i).overlapped());
        }
    }

    private Chatflow flow(Map<String, Object> modelInputs, Map<String, Object> promptInputs, Settings settings) {
        ObjectNode export = ConfigDirs.shipped("openai-chat");
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", stub.baseUrl()));
        ConfigDirs.withInputs(export, "chatOpenAI_0", modelInputs);
        ConfigDirs.withInputs(export, "promptTemplate_0", promptInputs);
        return catalog(export, settings).find("flow").orElseThrow();
    }

    private DirectoryCatalog catalog(ObjectNode export, Settings settings) {
        ConfigDirs.write(configDir, "flow", export);
        catalog = DirectoryCatalog.open(configDir, settings, name -> null);
        assertEquals(Map.of(), catalog.failures());
        return catalog;
    }

    private static FlowResult await(java.util.concurrent.CompletionStage<FlowResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static ChatflowException failure(java.util.concurrent.CompletionStage<FlowResult> stage) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
        return assertInstanceOf(ChatflowException.class, thrown.getCause());
    }
}
