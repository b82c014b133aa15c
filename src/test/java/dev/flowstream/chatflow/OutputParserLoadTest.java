package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output parser settings that cannot work fail the flow's load with the node and the problem named. */
class OutputParserLoadTest {

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
    void a_structure_row_of_a_type_flowstream_cannot_check_fails_the_load() throws Exception {
        Object rows = JSON.readTree("[{\"property\": \"when\", \"type\": \"date\", \"description\": \"a day\"}]");

        assertEquals("node structuredOutputParser_0 (structuredOutputParser) input jsonStructure gives when the type "
                + "\"date\"; Flowstream supports [boolean, number, string]", refusal("flowise@1.8.4/Structured Output Parser",
                "structuredOutputParser_0", Map.of("jsonStructure", rows)));
    }

    @Test
    void an_empty_structure_fails_the_load() {
        assertEquals("node structuredOutputParser_0 (structuredOutputParser) input jsonStructure must list at least one "
                + "property", refusal("flowise@1.8.4/Structured Output Parser", "structuredOutputParser_0",
                Map.of("jsonStructure", List.of())));
    }

    @Test
    void a_zod_schema_using_more_than_the_reader_knows_fails_the_load_naming_it() {
        String why = refusal("flowise@3.1.4/Advanced Structured Output Parser", "advancedStructuredOutputParser_0",
                Map.of("exampleJson", "z.object({ title: z.string().nullable() })"));

        assertTrue(why.startsWith("node advancedStructuredOutputParser_0 (advancedStructuredOutputParser) input exampleJson "
                + "uses .nullable(), which Flowstream does not support"), why);
    }

    @Test
    void autofix_must_be_true_or_false() {
        assertEquals("node csvOutputParser_0 (csvOutputParser) input autofixParser must be true or false",
                refusal("flowise@3.1.4/List Output Parser", "csvOutputParser_0", Map.of("autofixParser", "sometimes")));
    }

    @Test
    void a_custom_list_of_no_values_fails_the_load() {
        ObjectNode export = template("flowise@3.1.4/List Output Parser");
        for (JsonNode node : export.path("nodes")) {
            if (node.path("id").asText().equals("csvOutputParser_0")) ((ObjectNode) node.path("data")).put("name", "customListOutputParser");
        }
        ConfigDirs.withInputs(export, "csvOutputParser_0", Map.of("length", "0"));

        assertEquals("node csvOutputParser_0 (customListOutputParser) input length must be at least 1", refusal(export));
    }

    @Test
    void an_output_parser_input_that_references_no_parser_fails_the_load() {
        String why = refusal("flowise@3.1.4/List Output Parser", "llmChain_0",
                Map.of("outputParser", "{{promptTemplate_0.data.instance}}"));

        assertTrue(why.startsWith("node llmChain_0 (llmChain)") && why.contains("an output parser"), why);
    }

    private String refusal(String template, String nodeId, Map<String, Object> inputs) {
        return refusal(ConfigDirs.withInputs(template(template), nodeId, inputs));
    }

    private String refusal(ObjectNode export) {
        DirectoryCatalog catalog = fixture.catalog(export, FlowFixture.settings(100, 3_600_000));
        assertTrue(catalog.find("flow").isEmpty(), "the flow must not load");
        return catalog.failures().get("flow");
    }

    private static ObjectNode template(String name) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(TEMPLATES.resolve(name + ".json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
