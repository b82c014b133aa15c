package dev.flowstream.chatflow.textsplitters;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import com.vladsch.flexmark.util.data.MutableDataSet;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.TextSplitter;

import java.util.List;

/**
 * Flowise's {@code htmlToMarkdownTextSplitter}: each text is read as HTML and written as Markdown
 * (flexmark's converter: ATX headings, lists, links, emphasis, code, tables; scripts and unknown
 * tags leave only their text), then cut as {@code markdownTextSplitter} cuts, with its
 * {@code chunkSize} and {@code chunkOverlap}. Text that holds no HTML comes out as its words with
 * whitespace collapsed, as HTML would show it.
 *
 * <p>Threading: immutable; the converter builds its own state for each conversion.
 */
record HtmlToMarkdownSplitter(TextSplitterNode splitter) implements TextSplitter {

    static final String NAME = "htmlToMarkdownTextSplitter";
    private static final FlexmarkHtmlConverter CONVERTER = FlexmarkHtmlConverter.builder(new MutableDataSet()
            .set(FlexmarkHtmlConverter.SETEXT_HEADINGS, false)
            .set(FlexmarkHtmlConverter.OUTPUT_UNKNOWN_TAGS, false)
            .toImmutable()).build();

    static HtmlToMarkdownSplitter load(ExportNode node) {
        return new HtmlToMarkdownSplitter(TextSplitterNode.load(node));
    }

    /** The HTML as Markdown, before any cutting. */
    static String toMarkdown(String html) {
        return CONVERTER.convert(html);
    }

    @Override
    public List<String> split(String text) {
        return splitter.split(toMarkdown(text));
    }
}
