package dev.flowstream.chatflow.textsplitters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.NodeInputs;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** htmlToMarkdownTextSplitter writes HTML as Markdown, then cuts it as markdownTextSplitter does. */
class HtmlToMarkdownSplitterTest {

    private static final String PAGE = """
            <html><head><title>Otterly</title><script>track()</script></head><body>
            <h1>Otterly</h1><p>Keeps <b>sea otters</b> <i>organised</i> and tidy; see <a href="https://otterly.invalid/docs">the docs</a>.</p>
            <h2>Install</h2><ol><li>Download</li><li>Run <code>otterly init</code></li></ol>
            <pre><code class="language-sh">otterly serve --port 8080
            </code></pre>
            <h2>Plans</h2><table><tr><th>Plan</th><th>Otters</th></tr><tr><td>Free</td><td>3</td></tr></table>
            <ul><li>monthly</li><li>yearly</li></ul></body></html>""";

    @Test
    void headings_paragraphs_lists_links_code_emphasis_and_tables_become_markdown() {
        assertEquals("""
                # Otterly

                Keeps **sea otters** *organised* and tidy; see [the docs](https://otterly.invalid/docs).

                ## Install

                1. Download
                2. Run `otterly init`

                ```sh
                otterly serve --port 8080
                ```

                ## Plans

                | Plan | Otters |
                |------|--------|
                | Free | 3      |

                * monthly
                * yearly
                """, HtmlToMarkdownSplitter.toMarkdown(PAGE));
    }

    @Test
    void the_markdown_is_cut_at_its_level_two_headings_first() {
        HtmlToMarkdownSplitter splitter = load(Map.of("chunkSize", "120", "chunkOverlap", "0"));

        List<String> chunks = splitter.split(PAGE);

        assertEquals(3, chunks.size(), chunks.toString());
        assertEquals("# Otterly\n\nKeeps **sea otters** *organised* and tidy; see [the docs](https://otterly.invalid/docs).", chunks.get(0));
        assertEquals("## Install\n\n1. Download\n2. Run `otterly init`\n\n```sh\notterly serve --port 8080\n```", chunks.get(1));
    }

    @Test
    void text_without_html_keeps_its_words_with_whitespace_collapsed() {
        assertEquals(List.of("Otters hold hands while they sleep."),
                load(Map.of()).split("Otters   hold hands\n\nwhile they sleep."));
    }

    @Test
    void an_overlap_as_large_as_the_chunk_fails_the_load_naming_the_node() {
        assertEquals("node splitter_0 (htmlToMarkdownTextSplitter) input chunkOverlap must be at least 0 and less than chunkSize",
                assertThrows(FlowLoadException.class, () -> load(Map.of("chunkSize", "100", "chunkOverlap", "100"))).getMessage());
    }

    private static HtmlToMarkdownSplitter load(Map<String, String> inputs) {
        Map<String, JsonNode> values = new HashMap<>();
        inputs.forEach((key, value) -> values.put(key, TextNode.valueOf(value)));
        String type = HtmlToMarkdownSplitter.NAME;
        return HtmlToMarkdownSplitter.load(new ExportNode("splitter_0", type, type, new NodeInputs("splitter_0", type, values)));
    }
}
