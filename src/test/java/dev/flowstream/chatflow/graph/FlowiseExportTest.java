package dev.flowstream.chatflow.graph;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.NodeInputs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading exports the way Flowise writes them. */
class FlowiseExportTest {

    @Test
    void the_shipped_export_reads_string_numbers_booleans_and_empty_inputs() {
        FlowiseExport export = FlowiseExport.parse(ConfigDirs.shipped("openai-chat").toString());
        NodeInputs model = export.node("chatOpenAI_0").orElseThrow().inputs();

        assertEquals(0.7, model.number("temperature").orElseThrow());
        assertTrue(model.integer("maxTokens").isEmpty(), "\"\" is unset");
        assertTrue(model.text("basepath").isEmpty(), "\"\" is unset");
        assertTrue(model.flag("streaming", false), "a JSON true");
        assertEquals("gpt-4o-mini", model.text("modelName").orElseThrow());
    }

    @Test
    void references_name_the_node_they_point_at() {
        FlowiseExport export = FlowiseExport.parse(ConfigDirs.shipped("openai-chat").toString());
        NodeInputs chain = export.node("llmChain_0").orElseThrow().inputs();

        assertEquals("chatOpenAI_0", chain.reference("model").orElseThrow());
        assertEquals("promptTemplate_0", chain.reference("prompt").orElseThrow());
        assertTrue(chain.reference("outputParser").isEmpty());
        assertFalse(chain.isSet("inputModeration"));
    }

    @Test
    void the_ending_node_is_the_one_without_an_outgoing_edge() {
        FlowiseExport export = FlowiseExport.parse(ConfigDirs.shipped("openai-chat").toString());

        assertEquals("llmChain_0", export.endingNode().id());
        assertEquals("llmChain", export.endingNode().name());
        assertEquals("LLM Chain", export.endingNode().label());
    }

    @Test
    void two_ending_nodes_fail_naming_both() {
        FlowiseExport export = FlowiseExport.parse("""
                {"nodes": [%s, %s], "edges": []}""".formatted(node("a_0", "llmChain", "{}"), node("b_0", "llmChain", "{}")));

        FlowLoadException failure = assertThrows(FlowLoadException.class, export::endingNode);

        assertTrue(failure.getMessage().contains("2 ending nodes (a_0, b_0)"), failure.getMessage());
    }

    @Test
    void sticky_notes_are_not_nodes_of_the_flow() {
        FlowiseExport export = FlowiseExport.parse("""
                {"nodes": [%s, %s], "edges": []}""".formatted(
                node("stickyNote_0", "stickyNote", "{\"note\": \"hello\"}"), node("answer_0", "flowstreamLocalAnswer", "{}")));

        assertEquals(1, export.nodes().size());
        assertEquals("answer_0", export.endingNode().id());
    }

    @Test
    void numbers_written_as_text_and_as_json_read_the_same() {
        NodeInputs inputs = FlowiseExport.parse("""
                {"nodes": [%s], "edges": []}""".formatted(node("n_0", "chatOpenAI",
                "{\"a\": \"0.9\", \"b\": 0.9, \"c\": \"12\", \"d\": \"false\", \"e\": \"abc\"}")))
                .nodes().get(0).inputs();

        assertEquals(inputs.number("a"), inputs.number("b"));
        assertEquals(12, inputs.integer("c").orElseThrow());
        assertFalse(inputs.flag("d", true));
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> inputs.number("e"));
        assertEquals("node n_0 (chatOpenAI) input e must be a number", failure.getMessage());
    }

    @Test
    void an_export_that_is_not_json_names_the_line() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> FlowiseExport.parse("{\n  \"nodes\": [\n    oops\n]}"));

        assertTrue(failure.getMessage().startsWith("the export is not valid JSON (line 3"), failure.getMessage());
    }

    @Test
    void the_flowise_api_form_with_a_flow_data_string_is_read_too() {
        String flowData = "{\"nodes\": [" + node("answer_0", "flowstreamLocalAnswer", "{}") + "], \"edges\": []}";
        FlowiseExport export = FlowiseExport.parse("{\"name\": \"Docs bot\", \"flowData\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(flowData) + "}");

        assertEquals("Docs bot", export.name().orElseThrow());
        assertEquals("answer_0", export.endingNode().id());
    }

    private static String node(String id, String name, String inputs) {
        return """
                {"id": "%s", "position": {"x": 0, "y": 0}, "type": "customNode",
                 "data": {"id": "%s", "label": "%s", "version": 1, "name": "%s", "type": "X",
                          "baseClasses": ["X"], "category": "Chains", "inputParams": [], "inputAnchors": [],
                          "inputs": %s, "outputAnchors": [], "outputs": {}, "selected": false},
                 "width": 300, "height": 300}""".formatted(id, id, id, name, inputs);
    }
}
