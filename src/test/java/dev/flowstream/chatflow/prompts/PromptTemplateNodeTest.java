package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Flowise's prompt template rules: f-string variables, promptValues, the question fallback. */
class PromptTemplateNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_question_variable_without_prompt_values_takes_the_question() {
        assertEquals("Answer: why?", format(Map.of("template", "Answer: {question}", "promptValues", ""), "why?"));
    }

    @Test
    void prompt_values_may_be_a_json_string_or_an_object() {
        Map<String, Object> asString = Map.of("template", "{topic} / {q}",
                "promptValues", "{\"topic\":\"Java\",\"q\":\"{{question}}\"}");
        Map<String, Object> asObject = Map.of("template", "{topic} / {q}",
                "promptValues", Map.of("topic", "Java", "q", "{{question}}"));

        assertEquals("Java / why?", format(asString, "why?"));
        assertEquals("Java / why?", format(asObject, "why?"));
    }

    @Test
    void the_one_variable_left_without_a_value_takes_the_question() {
        assertEquals("Java: why?", format(Map.of("template", "{topic}: {ask}", "promptValues", "{\"topic\":\"Java\"}"), "why?"));
    }

    @Test
    void double_braces_are_literal_braces_and_question_text_is_not_reinterpreted() {
        assertEquals("{\"a\": 1} {question} $1 \\",
                format(Map.of("template", "{{\"a\": 1}} {question}"), "{question} $1 \\"));
    }

    @Test
    void chat_history_fills_from_the_request() {
        NodeInputs inputs = inputs(Map.of("template", "{history}\nHuman: {question}",
                "promptValues", "{\"history\":\"{{chat_history}}\"}"));
        PromptTemplateNode node = PromptTemplateNode.load(new ExportNode("promptTemplate_0", "promptTemplate", "Prompt", inputs),
                PromptSources.none("flow"));

        String prompt = node.text(FlowRequest.of("and now?"), List.of(new ChatTurn(ChatTurn.Role.USER, "hi"),
                new ChatTurn(ChatTurn.Role.ASSISTANT, "hello"))).toCompletableFuture().join();

        assertEquals("Human: hi\nAI: hello\nHuman: and now?", prompt);
    }

    @Test
    void two_variables_without_values_make_the_prompt_unfillable_naming_them() {
        FlowLoadException failure = PromptTemplateNode.load(new ExportNode("promptTemplate_0", "promptTemplate", "Prompt",
                inputs(Map.of("template", "{a} and {b}"))), PromptSources.none("flow")).unfillable().orElseThrow();

        assertEquals("node promptTemplate_0 (promptTemplate) needs promptValues for a, b "
                + "(only one variable may be left for the question)", failure.getMessage());
    }

    @Test
    void an_unknown_double_brace_name_fails_the_load_naming_it() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> format(Map.of("template", "{x}",
                "promptValues", "{\"x\":\"{{$flow.nothing}}\"}"), "q"));

        assertEquals("node promptTemplate_0 (promptTemplate) input promptValues uses {{$flow.nothing}}, which Flowstream "
                + "does not support (only {{question}}, {{chat_history}}, {{$flow.sessionId|chatId|chatflowId|input}}, "
                + "{{$vars.<name>}} and {{<nodeId>.data.instance}})", failure.getMessage());
    }

    private static String format(Map<String, Object> raw, String question) {
        return PromptTemplateNode.load(new ExportNode("promptTemplate_0", "promptTemplate", "Prompt", inputs(raw)),
                PromptSources.none("flow")).text(FlowRequest.of(question), List.of()).toCompletableFuture().join();
    }

    private static NodeInputs inputs(Map<String, Object> raw) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        raw.forEach((key, value) -> values.put(key, JSON.valueToTree(value)));
        return new NodeInputs("promptTemplate_0", "promptTemplate", values);
    }
}
