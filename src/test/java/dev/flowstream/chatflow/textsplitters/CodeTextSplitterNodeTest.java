package dev.flowstream.chatflow.textsplitters;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowLoadException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * codeTextSplitter cuts code as LangChain's RecursiveCharacterTextSplitter.fromLanguage does. The
 * separators file and the expected chunks were printed by {@code @langchain/textsplitters} 0.1.0 and
 * 1.0.1 alike ({@code getSeparatorsForLanguage} for each language, {@code fromLanguage(...).splitText}
 * on the texts below).
 */
class CodeTextSplitterNodeTest {

    private static final String PYTHON = "import os\n\nclass Otter:\n    def __init__(self, name):\n        self.name = name\n\n"
            + "    def swim(self):\n        return self.name + ' swims'\n\ndef main():\n    print(Otter('Kelp').swim())\n";
    private static final String JAVA = "package zoo;\n\npublic class Otter {\n    private final String name;\n\n"
            + "    public Otter(String name) {\n        this.name = name;\n    }\n\n    public String swim() {\n"
            + "        if (name.isEmpty()) return \"nobody swims\";\n        return name + \" swims\";\n    }\n}\n";

    @Test
    void every_language_flowise_offers_has_langchain_s_separators() throws IOException {
        Map<String, List<String>> langchain;
        try (InputStream in = getClass().getResourceAsStream("/textsplitters/langchain-code-separators.json")) {
            langchain = new TreeMap<>(new ObjectMapper().readValue(in, new TypeReference<Map<String, List<String>>>() {
            }));
        }
        Map<String, List<String>> ours = new TreeMap<>();
        langchain.keySet().forEach(language -> ours.put(language, CodeSeparators.of(language).orElse(List.of())));

        assertEquals(16, langchain.size());
        assertEquals(langchain, ours);
    }

    @Test
    void python_is_cut_before_its_classes_and_functions_keeping_the_keywords() {
        assertEquals(List.of("import os", "class Otter:\n    def __init__(self, name):", "self.name = name",
                        "def swim(self):\n        return self.name + ' swims'", "def main():\n    print(Otter('Kelp').swim())"),
                load("python", "60", "10").split(PYTHON));
    }

    @Test
    void java_is_cut_before_its_modifiers() {
        assertEquals(List.of("package zoo;", "public class Otter {\n    private final String name;",
                        "public Otter(String name) {\n        this.name = name;\n    }",
                        "public String swim() {\n        if (name.isEmpty()) return \"nobody swims\";",
                        "return name + \" swims\";\n    }\n}"),
                load("java", "80", "20").split(JAVA));
    }

    @Test
    void html_is_cut_before_its_tags_and_js_before_its_declarations() {
        String html = "<html><body><div><h1>Otters</h1><p>They hold hands while they sleep.</p>"
                + "<p>They eat sea urchins and crabs.</p></div></body></html>";
        assertEquals(List.of("<html>", "<body>", "<div><h1>Otters</h1>", "<p>They hold hands while they sleep.</p>",
                "<p>They eat sea urchins and", "crabs.</p></div></body></html>"), load("html", "50", "0").split(html));

        String js = "const otters = [];\nfunction add(name) {\n  otters.push(name);\n}\nlet count = 0;\n"
                + "for (const o of otters) {\n  count++;\n}\n";
        assertEquals(List.of("const otters = [];", "function add(name) {", "otters.push(name);\n}", "let count = 0;",
                "for (const o of otters) {", "count++;\n}"), load("js", "30", "10").split(js));
    }

    @Test
    void words_are_packed_with_overlap_when_nothing_coarser_fits() {
        assertEquals(List.of("x = 1", "1 +", "+ 2", "2 +", "+ 3", "3 +", "+ 4"), load("python", "5", "2").split("x = 1 + 2 + 3 + 4"));
    }

    @Test
    void an_unknown_or_missing_language_fails_the_load_naming_the_input() {
        assertEquals("node splitter_0 (codeTextSplitter) input language must be one of cpp, go, html, java, js, latex, "
                        + "markdown, php, proto, python, rst, ruby, rust, scala, sol, swift, not cobol",
                assertThrows(FlowLoadException.class, () -> load("cobol", "100", "0")).getMessage());
        assertEquals("node splitter_0 (codeTextSplitter) needs a language in its language input, one of cpp, go, html, java, "
                        + "js, latex, markdown, php, proto, python, rst, ruby, rust, scala, sol, swift",
                assertThrows(FlowLoadException.class, () -> load("", "100", "0")).getMessage());
        assertEquals("node splitter_0 (codeTextSplitter) input chunkOverlap must be at least 0 and less than chunkSize",
                assertThrows(FlowLoadException.class, () -> load("go", "10", "20")).getMessage());
    }

    private static CodeTextSplitterNode load(String language, String chunkSize, String chunkOverlap) {
        return CodeTextSplitterNode.load(ProviderFixture.node("splitter_0", CodeTextSplitterNode.NAME,
                Map.of("language", language, "chunkSize", chunkSize, "chunkOverlap", chunkOverlap)));
    }
}
