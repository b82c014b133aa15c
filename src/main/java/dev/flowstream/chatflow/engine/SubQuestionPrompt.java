package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.node.QueryEngineTool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LlamaIndex's question-generation prompt (its {@code defaultSubQuestionPrompt}): the tools as a
 * JSON object of name to description, one worked example, then the user's question; the model is
 * to answer with a JSON list of {@code {"subQuestion", "toolName"}}. Stateless.
 */
final class SubQuestionPrompt {

    private static final Map<String, String> EXAMPLE_TOOLS = ordered(
            "uber_10k", "Provides information about Uber financials for year 2021",
            "lyft_10k", "Provides information about Lyft financials for year 2021");
    private static final String EXAMPLE_QUESTION =
            "Compare and contrast the revenue growth and EBITDA of Uber and Lyft for year 2021";
    private static final List<Map<String, String>> EXAMPLE_OUTPUT = List.of(
            example("What is the revenue growth of Uber", "uber_10k"),
            example("What is the EBITDA of Uber", "uber_10k"),
            example("What is the revenue growth of Lyft", "lyft_10k"),
            example("What is the EBITDA of Lyft", "lyft_10k"));

    private SubQuestionPrompt() {
    }

    /** The prompt for {@code question} over {@code tools}. */
    static String format(List<QueryEngineTool> tools, String question) {
        return """
                Given a user question, and a list of tools, output a list of relevant sub-questions that when \
                composed can help answer the full user question:

                # Example 1
                <Tools>
                ```json
                %s
                ```

                <User Question>
                %s

                <Output>
                ```json
                %s
                ```

                # Example 2
                <Tools>
                ```json
                %s
                ```

                <User Question>
                %s

                <Output>
                """.formatted(JsJson.pretty(EXAMPLE_TOOLS), EXAMPLE_QUESTION, JsJson.pretty(EXAMPLE_OUTPUT),
                JsJson.pretty(toolsText(tools)), question);
    }

    /** Name to description; a name given twice keeps its first place and its last description, as in JavaScript. */
    private static Map<String, String> toolsText(List<QueryEngineTool> tools) {
        Map<String, String> text = new LinkedHashMap<>();
        tools.forEach(tool -> text.put(tool.name(), tool.description()));
        return text;
    }

    private static Map<String, String> example(String subQuestion, String toolName) {
        return ordered("subQuestion", subQuestion, "toolName", toolName);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put(keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }
}
