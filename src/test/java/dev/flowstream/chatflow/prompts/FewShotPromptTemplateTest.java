package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.prompts.TemplateFlows.set;
import static dev.flowstream.chatflow.prompts.TemplateFlows.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fewShotPromptTemplate: Flowise's "Antonym" template against the OpenAI stub, and its bad inputs. */
class FewShotPromptTemplateTest {

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
    void the_antonym_template_sends_prefix_examples_and_suffix_with_the_question_and_streams_the_answer()
            throws Exception {
        var catalog = fixture.catalog(antonym(), FlowFixture.settings(100, 3_600_000));
        assertEquals(Map.of(), catalog.failures());
        Chatflow flow = catalog.find("flow").orElseThrow();
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("big"), sink));

        // the export's separators and templates hold a backslash and an n, kept as written
        String prompt = "Give the antonym of every input\\n\\nWord: happy\\nAntonym: sad\\n\\n\\nWord: tall\\nAntonym: "
                + "short\\n\\n\\nWord: big\\nAntonym:";
        JsonNode messages = JSON.readTree(fixture.stub().lastRequestBody().orElseThrow()).path("messages");
        assertEquals(1, messages.size());
        assertEquals(prompt, messages.get(0).path("content").asText());
        assertEquals("Echo: " + prompt, result.text());
        assertEquals(result.text(), sink.text());
    }

    @Test
    void a_blank_separator_is_a_blank_line() throws Exception {
        ObjectNode export = set(antonym(), "fewShotPromptTemplate_1", Map.of("exampleSeparator", "",
                "suffix", "Word: {input}", "examples", "[{\"word\": \"up\", \"antonym\": \"down\"}]"));
        set(export, "promptTemplate_0", Map.of("template", "{word} / {antonym}"));
        Chatflow flow = fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).find("flow").orElseThrow();

        await(flow.run(FlowRequest.of("left"), new RecordingSink()));

        assertEquals("user: Give the antonym of every input\n\nup / down\n\nWord: left", fixture.sentMessages().get(0));
    }

    @Test
    void examples_that_are_not_a_json_array_of_objects_fail_the_load() {
        assertEquals("node fewShotPromptTemplate_1 (fewShotPromptTemplate) input examples must be a JSON array of objects",
                failure(set(antonym(), "fewShotPromptTemplate_1", Map.of("examples", "[\"happy\"]"))));
        assertEquals("node fewShotPromptTemplate_1 (fewShotPromptTemplate) input examples is not valid JSON",
                failure(set(antonym(), "fewShotPromptTemplate_1", Map.of("examples", "[{\"word\": "))));
    }

    @Test
    void an_example_without_a_value_of_the_example_prompt_fails_the_load_naming_it() {
        ObjectNode export = set(antonym(), "fewShotPromptTemplate_1",
                Map.of("examples", "[{\"word\": \"a\", \"antonym\": \"b\"}, {\"word\": \"happy\"}]"));

        assertEquals("node fewShotPromptTemplate_1 (fewShotPromptTemplate) input examples: example 2 has no value for "
                + "{antonym} of the examplePrompt", failure(export));
    }

    @Test
    void jinja_templates_and_a_suffix_with_two_variables_fail_the_load() {
        assertEquals("node fewShotPromptTemplate_1 (fewShotPromptTemplate) input templateFormat is jinja-2, but "
                + "Flowstream supports only f-string",
                failure(set(antonym(), "fewShotPromptTemplate_1", Map.of("templateFormat", "jinja-2"))));
        assertTrue(failure(set(antonym(), "fewShotPromptTemplate_1", Map.of("suffix", "{tone} {input}")))
                .endsWith("only one variable (for the question) can be filled"));
    }

    private ObjectNode antonym() {
        return set(template("flowise@1.8.4/Antonym"), "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
    }

    private String failure(ObjectNode export) {
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }
}
