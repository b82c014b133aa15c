package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ChatflowException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's output parser templates, as shipped, run against a local OpenAI stub: the parser's
 * format instructions reach the prompt, the answer comes back parsed as {@code json} without any
 * stream event, autofix asks the model once more, and an answer that still does not parse fails
 * naming the parser.
 */
class OutputParserFlowTest {

    private static final Path TEMPLATES = Path.of("target/flowise-templates");
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
    void a_list_parser_adds_its_instructions_and_answers_the_list_as_json_without_events() throws Exception {
        fixture.stub().replyWhen("three thrillers", "Heat,  Vertigo , Alien");
        RecordingSink sink = new RecordingSink();
        Chatflow flow = flow("flowise@3.1.4/List Output Parser", Map.of());

        FlowResult result = await(flow.run(FlowRequest.of("three thrillers"), sink));

        assertFalse(flow.streamable());
        assertEquals(List.of("user: Answer user's question as best you can: three thrillers\n"
                + "Answer with a list of values separated by commas, like: `foo, bar, baz`"), fixture.sentMessages());
        assertEquals(JSON.readTree("[\"Heat\", \"Vertigo\", \"Alien\"]"), result.json().orElseThrow());
        assertEquals("```json\n[\n  \"Heat\",\n  \"Vertigo\",\n  \"Alien\"\n]", result.text());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_structured_parser_puts_its_schema_after_the_system_message_and_keeps_only_its_properties() throws Exception {
        fixture.stub().replyWhen("capital of France", "Here it is:\n```json\n{\"answer\": \"Paris\", "
                + "'source': 'https://en.wikipedia.org/wiki/Paris', \"mood\": \"sunny\",}\n```");

        FlowResult result = await(flow("flowise@1.8.4/Structured Output Parser", Map.of())
                .run(FlowRequest.of("capital of France?"), new RecordingSink()));

        List<String> sent = fixture.sentMessages();
        assertTrue(sent.get(0).startsWith("system: Answer user's question as best you can\nFormat your answer as a JSON"), sent.get(0));
        assertTrue(sent.get(0).contains("```json\n{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\","
                + "\"description\":\"answer to the user's question\"},\"source\":{\"type\":\"string\",\"description\":"
                + "\"sources used to answer the question, should be websites\"}},\"required\":[],"
                + "\"additionalProperties\":false,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}\n```"), sent.get(0));
        assertEquals("user: capital of France?", sent.get(1));
        assertEquals(JSON.readTree("{\"answer\": \"Paris\", \"source\": \"https://en.wikipedia.org/wiki/Paris\"}"),
                result.json().orElseThrow());
        assertEquals("```json\n{\n  \"answer\": \"Paris\",\n  \"source\": \"https://en.wikipedia.org/wiki/Paris\"\n}",
                result.text());
    }

    @Test
    void autofix_sends_the_instructions_the_answer_and_the_error_back_and_parses_the_repair() throws Exception {
        fixture.stub().replyWhen("did not satisfy", "{\"answer\": \"Paris\", \"source\": \"https://paris.fr\"}");
        fixture.stub().replyWhen("capital of France", "Paris, of course.");

        FlowResult result = await(flow("flowise@1.8.4/Structured Output Parser", Map.of())
                .run(FlowRequest.of("capital of France?"), new RecordingSink()));

        assertEquals(2, fixture.stub().requests());
        List<String> fix = fixture.sentMessages();
        assertEquals(1, fix.size());
        assertTrue(fix.get(0).startsWith("user: Instructions:\n--------------\nFormat your answer as a JSON value"), fix.get(0));
        assertTrue(fix.get(0).contains("Completion:\n--------------\nParis, of course.\n--------------\n"), fix.get(0));
        assertTrue(fix.get(0).contains("Error:\n--------------\nthe answer is not JSON"), fix.get(0));
        assertEquals("https://paris.fr", result.json().orElseThrow().path("source").asText());
    }

    @Test
    void without_autofix_an_answer_that_is_not_json_fails_naming_the_parser() {
        fixture.stub().replyWhen("capital of France", "Paris, of course.");
        RecordingSink sink = new RecordingSink();

        ChatflowException failure = failure(flow("flowise@1.8.4/Structured Output Parser",
                Map.of("structuredOutputParser_0", Map.of("autofixParser", false))).run(FlowRequest.of("capital of France?"), sink));

        assertEquals(Kind.CHAIN, failure.kind());
        assertTrue(failure.getMessage().startsWith("output parser structuredOutputParser_0 (structuredOutputParser) could not "
                + "parse the model's answer: the answer is not JSON"), failure.getMessage());
        assertEquals(1, fixture.stub().requests());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void an_answer_still_wrong_after_autofix_fails_saying_what_did_not_fit() {
        fixture.stub().replyWhen("", "[{\"title\": \"Heat\", \"yearOfRelease\": 1995.5, \"genres\": [\"Thriller\"], "
                + "\"shortDescription\": \"A heist.\"}]");

        ChatflowException failure = failure(flow("flowise@3.1.4/Advanced Structured Output Parser", Map.of())
                .run(FlowRequest.of("Top movie"), new RecordingSink()));

        assertEquals(Kind.CHAIN, failure.kind());
        assertEquals("output parser advancedStructuredOutputParser_0 (advancedStructuredOutputParser) could not parse the "
                + "model's answer after autofix: [0].yearOfRelease must be a whole number, not number 1995.5", failure.getMessage());
        assertEquals(2, fixture.stub().requests());
    }

    @Test
    void an_advanced_parser_checks_enums_and_bounds_of_its_zod_schema() throws Exception {
        fixture.stub().replyWhen("Top 2 movies", "[{\"title\": \"Heat\", \"yearOfRelease\": 1995, \"genres\": [\"Thriller\", "
                + "\"Drama\"], \"shortDescription\": \"A heist.\"}, {\"title\": \"Alien\", \"yearOfRelease\": 1979, "
                + "\"genres\": [\"Horror\"], \"shortDescription\": \"In space.\"}]");
        fixture.stub().replyWhen("Top 1 movie", "[{\"title\": \"Heat\", \"yearOfRelease\": 1995, \"genres\": [\"Heist\"], "
                + "\"shortDescription\": \"A heist.\"}]");
        Chatflow flow = flow("flowise@1.8.4/Advanced Structured Output Parser",
                Map.of("advancedStructuredOutputParser_0", Map.of("autofixParser", false)));

        JsonNode movies = await(flow.run(FlowRequest.of("Top 2 movies"), new RecordingSink())).json().orElseThrow();
        ChatflowException failure = failure(flow.run(FlowRequest.of("Top 1 movie"), new RecordingSink()));

        assertEquals(List.of("Heat", "Alien"), List.of(movies.get(0).path("title").asText(), movies.get(1).path("title").asText()));
        assertTrue(fixture.sentMessages().get(0).contains("\"genres\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
                + "\"enum\":[\"Action\",\"Comedy\",\"Drama\",\"Fantasy\",\"Horror\",\"Mystery\",\"Romance\",\"Science Fiction\","
                + "\"Thriller\",\"Documentary\"]},\"maxItems\":2}"), fixture.sentMessages().get(0));
        assertTrue(failure.getMessage().endsWith("[0].genres[0] must be one of [Action, Comedy, Drama, Fantasy, Horror, "
                + "Mystery, Romance, Science Fiction, Thriller, Documentary], not string \"Heist\""), failure.getMessage());
    }

    @Test
    void a_provider_that_fails_is_a_provider_failure_naming_the_model_not_a_parse_failure() {
        // the repair request quotes the first answer, and the stub fails any request that holds [[fail]]
        fixture.stub().replyWhen("capital of France", "Paris [[fail]]");
        RecordingSink sink = new RecordingSink();

        ChatflowException first = failure(flow("flowise@3.1.4/List Output Parser", Map.of())
                .run(FlowRequest.of("[[fail]]"), sink));
        ChatflowException fixing = failure(flow("flowise@1.8.4/Structured Output Parser", Map.of())
                .run(FlowRequest.of("capital of France?"), sink));

        assertEquals(Kind.PROVIDER, first.kind());
        assertTrue(first.getMessage().contains("chatOpenAI_0"), first.getMessage());
        assertEquals(Kind.PROVIDER, fixing.kind(), fixing.getMessage());
        assertEquals(List.of(), sink.events());
    }

    @Test
    void a_custom_list_parser_splits_at_its_separator_and_holds_the_answer_to_its_length() throws Exception {
        ObjectNode export = template("flowise@3.1.4/List Output Parser");
        for (JsonNode node : export.path("nodes")) {
            if (node.path("id").asText().equals("csvOutputParser_0")) ((ObjectNode) node.path("data")).put("name", "customListOutputParser");
        }
        ConfigDirs.withInputs(export, "csvOutputParser_0", Map.of("separator", " | ", "length", "2", "autofixParser", false));
        fixture.stub().replyWhen("two", "Heat | Alien");
        fixture.stub().replyWhen("three", "Heat | Alien | Vertigo");
        Chatflow flow = fixture.flow(export, FlowFixture.settings(100, 3_600_000));

        JsonNode two = await(flow.run(FlowRequest.of("two"), new RecordingSink())).json().orElseThrow();
        String instructions = fixture.sentMessages().get(0);
        ChatflowException three = failure(flow.run(FlowRequest.of("three"), new RecordingSink()));

        assertEquals(JSON.readTree("[\"Heat\", \"Alien\"]"), two);
        assertTrue(instructions.endsWith("two\nAnswer with a list of 2 values separated by \" | \", like: `foo |  bar |  baz`"),
                instructions);
        assertTrue(three.getMessage().endsWith("expected 2 values separated by \" | \", got 3"), three.getMessage());
    }

    private Chatflow flow(String template, Map<String, Map<String, Object>> inputs) {
        ObjectNode export = template(template);
        inputs.forEach((node, values) -> ConfigDirs.withInputs(export, node, values));
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }

    private static ObjectNode template(String name) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(TEMPLATES.resolve(name + ".json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
